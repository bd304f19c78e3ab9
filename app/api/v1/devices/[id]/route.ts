import { serveApi } from "@/lib/api/endpoints";
import { apiContext } from "@/lib/api/server-context";

/** What the server believes about the device (its device token). The handler and its contract: lib/api/endpoints.ts. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return serveApi(await apiContext(), "device", request, await params);
}
