import { serveApi } from "@/lib/api/endpoints";
import { apiContext } from "@/lib/api/server-context";

/** A device's check-in (its device token). The handler and its contract: lib/api/endpoints.ts. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return serveApi(await apiContext(), "checkIn", request, await params);
}
