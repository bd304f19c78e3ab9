import { openApiDocument } from "@/lib/api/openapi";

/** Public: the device API's OpenAPI 3.1 contract, generated from the same zod schemas that validate requests. */
export async function GET(): Promise<Response> {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
