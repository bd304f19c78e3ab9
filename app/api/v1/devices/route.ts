import { serveApi } from "@/lib/api/endpoints";
import { apiContext } from "@/lib/api/server-context";

/** The device list with the dashboard's filters (API key). The handler and its contract: lib/api/endpoints.ts. */
export async function GET(request: Request): Promise<Response> {
  return serveApi(await apiContext(), "listDevices", request);
}
