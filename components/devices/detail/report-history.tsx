import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Code, DateTime } from "@/components/ui/format";
import { EmptyRow, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { DeviceReport } from "@/lib/db/device-detail";
import { formatDuration, reportLatencyMs, reportSteps } from "@/lib/domain/report-progress";
import type { Locale } from "@/lib/i18n/locale";
import type { Translator } from "@/lib/i18n/translate";
import { ReportErrorText } from "./azure-card";

function entitiesOf(payload: unknown): unknown[] | null {
  const entities = (payload as { entities?: unknown } | null)?.entities;
  return Array.isArray(entities) ? entities : null;
}

/** Every report of the device: why it was sent, who asked, what Microsoft got, each state with its time, and how it ended. */
export function ReportHistory({ deviceId, reports, locale, t }: { deviceId: string; reports: DeviceReport[]; locale: Locale; t: Translator }) {
  return (
    <Card
      id="history"
      title={t("deviceDetail.historyTitle")}
      aside={
        <span className="text-sm text-slate-600">
          {t("deviceDetail.historyCount", { count: reports.length })} ·{" "}
          <Link href={`/audit?target=${deviceId}`} className="text-sky-800 underline">{t("deviceDetail.auditLink")}</Link>
        </span>
      }
    >
      <Table label={t("deviceDetail.historyTitle")} framed={false} empty={reports.length === 0 ? <EmptyRow>{t("deviceDetail.noReports")}</EmptyRow> : undefined}>
        <THead>
          <Th>{t("deviceDetail.trigger")}</Th>
          <Th>{t("deviceDetail.requestedBy")}</Th>
          <Th>{t("deviceDetail.sent")}</Th>
          <Th>{t("deviceDetail.states")}</Th>
          <Th>{t("deviceDetail.message")}</Th>
          <Th>{t("deviceDetail.error")}</Th>
          <Th align="right">{t("deviceDetail.latency")}</Th>
        </THead>
        <TBody>
          {reports.map((r) => {
            const entities = entitiesOf(r.payload);
            const latency = reportLatencyMs(r);
            return (
              <Tr key={r.id} data-state={r.state} data-testid="report-row">
                <Td>
                  <span className="font-medium">{t(`trigger.${r.trigger}`)}</span> <Code>{r.trigger}</Code>
                </Td>
                <Td>
                  {r.requestedBy ?? <span className="text-slate-600">{t("deviceDetail.automatic")}</span>}
                  {r.traceId && <span className="block font-mono text-[0.7rem] text-slate-600" title={r.traceId}>{r.traceId.slice(0, 8)}</span>}
                </Td>
                <Td>
                  <span className="whitespace-nowrap"><Code>{r.complianceStatus}</Code> <Code>{r.managementState}</Code></span>
                  {entities ? (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs text-sky-800">{t("deviceDetail.entities", { count: entities.length })}</summary>
                      <pre className="mt-1 max-w-md overflow-x-auto rounded bg-slate-100 p-2 font-mono text-[0.7rem] leading-snug">{JSON.stringify(entities, null, 2)}</pre>
                    </details>
                  ) : (
                    <span className="block text-xs text-slate-600">{t("deviceDetail.notSentYet")}</span>
                  )}
                </Td>
                <Td>
                  <ol className="space-y-0.5 text-xs">
                    {reportSteps(r)
                      .filter((s) => s.at !== null)
                      .map((s) => (
                        <li key={s.state} className="whitespace-nowrap">
                          <span className={s.status === "current" ? "font-semibold" : ""}>{t(`reportState.${s.state}`)}</span>{" "}
                          <DateTime value={s.at} locale={locale} />
                        </li>
                      ))}
                  </ol>
                  {r.attempts > 1 && <span className="text-xs text-slate-600">{t("deviceDetail.attempts", { count: r.attempts })}</span>}
                </Td>
                <Td>{r.messageId ? <span className="font-mono text-xs">{r.messageId}</span> : "—"}</Td>
                <Td className="max-w-xs text-xs">
                  {r.errorCode ? <ReportErrorText code={r.errorCode} detail={r.errorDetail} httpStatus={r.httpStatus} locale={locale} t={t} /> : "—"}
                </Td>
                <Td align="right" className="whitespace-nowrap tabular-nums">{latency === null ? "—" : formatDuration(latency)}</Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </Card>
  );
}
