import { serveApi } from "@/lib/api/endpoints";
import { apiContext } from "@/lib/api/server-context";

/** Reports to Microsoft, filtered and paged (API key). The handler and its contract: lib/api/endpoints.ts. */
export async function GET(request: Request): Promise<Response> {
  return serveApi(await apiContext(), "listReports", request);
}
