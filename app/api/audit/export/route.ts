import { authorizeApi } from "@/lib/auth/guard";
import { AUDIT_CSV_COLUMNS, csvLine } from "@/lib/audit/csv";
import { parseAuditFilter } from "@/lib/audit/filter";
import { prisma } from "@/lib/db";
import { auditEventPages } from "@/lib/db/audit";

/** The audit trail as CSV, with the audit page's filters, streamed page by page. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi("audit.export");
  if (auth.response) return auth.response;
  const filter = parseAuditFilter(new URL(request.url).searchParams);
  const database = await prisma();
  const encoder = new TextEncoder();
  const pages = auditEventPages(database, filter);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine([...AUDIT_CSV_COLUMNS])}`));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) return controller.close();
      controller.enqueue(encoder.encode(next.value.map((e) => csvLine(AUDIT_CSV_COLUMNS.map((c) => e[c]))).join("")));
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
