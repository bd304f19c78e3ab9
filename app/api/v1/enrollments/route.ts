import { serveApi } from "@/lib/api/endpoints";
import { apiContext } from "@/lib/api/server-context";

/** Enrol a device (API key). The handler and its contract: lib/api/endpoints.ts. */
export async function POST(request: Request): Promise<Response> {
  return serveApi(await apiContext(), "enroll", request);
}
