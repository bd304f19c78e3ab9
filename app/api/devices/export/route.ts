import { authorizeApi } from "@/lib/auth/guard";
import { csvLine } from "@/lib/csv";
import { prisma } from "@/lib/db";
import { devicePagesById } from "@/lib/db/devices";
import { getAzureSettings } from "@/lib/db/settings";
import { DEVICE_CSV_COLUMNS, deviceCsvValues } from "@/lib/devices/device-csv";
import { parseDeviceListParams } from "@/lib/domain/device-list-params";

/** Every device the list's filter matches (not only the page), as CSV, streamed a page of ids at a time. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi("devices.read");
  if (auth.response) return auth.response;
  const filter = parseDeviceListParams(Object.fromEntries(new URL(request.url).searchParams));
  const database = await prisma();
  const { enabled } = await getAzureSettings(database);
  const encoder = new TextEncoder();
  const pages = devicePagesById(database, filter);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine([...DEVICE_CSV_COLUMNS])}`));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map((d) => csvLine(deviceCsvValues(d, enabled))).join("")));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="devices-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
