import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/guard";
import { ReportErrorText } from "@/components/devices/detail/azure-card";
import { ResyncFilterForm } from "@/components/devices/resync-filter-form";
import { Card } from "@/components/ui/card";
import { Code, DateTime } from "@/components/ui/format";
import { StackedBarChart, type ChartKey } from "@/components/ui/stacked-bar-chart";
import { EmptyRow, RowHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { countByClientStatus } from "@/lib/db/devices";
import { failedDevices, reportStatesPerDay, skippedCodesPerDay, stuckDevices } from "@/lib/db/triage";
import { clientStatusInfo } from "@/lib/domain/client-status";
import { lastDays, seriesStart, stackByDay } from "@/lib/domain/day-series";
import { deviceListHref, parseDeviceListParams, STUCK_MINUTES } from "@/lib/domain/device-list-params";
import { CLIENT_STATUS_CODES } from "@/lib/domain/types";
import { getTranslator } from "@/lib/i18n/server";
import { resyncFilterAction } from "../devices/actions";

export const metadata: Metadata = { title: "Triage" };

const DAYS = 30;
const LISTED = 10;

const STATE_KEYS = [
  { key: "COMPLETED", color: "#047857" },
  { key: "FAILED", color: "#b91c1c" },
  { key: "SKIPPED", color: "#d97706" },
  { key: "ACCEPTED", color: "#0369a1" },
  { key: "SENDING", color: "#0ea5e9" },
  { key: "QUEUED", color: "#7dd3fc" },
] as const;

const CODE_COLORS: Record<string, string> = {
  Internal_Error: "#7f1d1d",
  Workplace_Join_Required: "#c2410c",
  Interaction_Required: "#ca8a04",
  Server_Declined_Scopes: "#6d28d9",
  Server_Protection_Policies_Required: "#be185d",
  User_Canceled: "#0f766e",
  Account_logged_out: "#1d4ed8",
  Success: "#15803d",
  none: "#64748b",
};

export default async function TriagePage() {
  const user = await requirePermission("triage.read", "/triage");
  const now = new Date();
  const since = seriesStart(now, DAYS);
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const [counts, stuck, failed, states, codes] = await Promise.all([
    countByClientStatus(db),
    stuckDevices(db, LISTED, now),
    failedDevices(db, LISTED, now),
    reportStatesPerDay(db, since),
    skippedCodesPerDay(db, since),
  ]);
  const base = parseDeviceListParams({});
  const days = lastDays(now, DAYS);
  const canResync = can(user.role, "device.resync");
  const maxCount = Math.max(1, ...CLIENT_STATUS_CODES.map((c) => counts.get(c) ?? 0));
  const chartTexts = { day: t("chart.day"), total: t("chart.total"), numbers: t("chart.numbers"), empty: t("chart.empty") };
  const stateKeys: ChartKey[] = STATE_KEYS.map((s) => ({ key: s.key, label: t(`reportState.${s.key}`), code: s.key, color: s.color }));
  const codeKeys: ChartKey[] = [...CLIENT_STATUS_CODES, "none" as const].map((code) => ({
    key: code,
    label: code === "none" ? t("triage.notReported") : clientStatusInfo(code, locale).label,
    code: code === "none" ? undefined : code,
    color: CODE_COLORS[code]!,
  }));

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold">{t("triage.title")}</h1>
        <p className="max-w-3xl text-slate-700">{t("triage.intro")}</p>
      </div>
      <Table label={t("triage.title")}>
        <THead>
          <Th>{t("triage.code")}</Th>
          <Th align="right">{t("triage.devices")}</Th>
          <Th>{t("triage.meaning")}</Th>
          <Th>{t("triage.whoCanFix")}</Th>
          <Th>{t("triage.steps")}</Th>
        </THead>
        <TBody>
          {CLIENT_STATUS_CODES.map((code) => {
            const info = clientStatusInfo(code, locale);
            const count = counts.get(code) ?? 0;
            return (
              <Tr key={code}>
                <RowHeader className="py-3">
                  <Code>{code}</Code>
                  <span className="mt-1 block text-xs text-slate-600">{info.label}</span>
                </RowHeader>
                <Td align="right" className="py-3 tabular-nums">
                  <Link href={deviceListHref(base, { clientStatus: code, lifecycle: "ACTIVE" })} className="font-semibold text-sky-800 hover:underline">
                    {count.toLocaleString(locale)}
                    <span className="sr-only"> — {t("triage.showDevices")}: {code}</span>
                  </Link>
                  <span aria-hidden className="mt-1 ml-auto block h-1.5 rounded bg-sky-700" style={{ width: `${Math.max(count > 0 ? 4 : 0, (count / maxCount) * 64)}px` }} />
                </Td>
                <Td className="py-3 text-slate-700">{info.meaning}</Td>
                <Td className="py-3 text-slate-700">{info.whoCanFix}</Td>
                <Td className="py-3 text-slate-700">
                  {info.userSteps.length > 0 && (
                    <ol className="list-decimal space-y-0.5 pl-4">
                      {info.userSteps.map((step) => (
                        <li key={step}>{step}</li>
                      ))}
                    </ol>
                  )}
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card
          id="stuck"
          title={t("triage.stuckTitle", { minutes: STUCK_MINUTES })}
          aside={<span className="text-sm tabular-nums text-slate-700" data-testid="stuck-count">{stuck.total.toLocaleString(locale)}</span>}
        >
          <p className="text-sm text-slate-700">{t("triage.stuckIntro")}</p>
          <Table label={t("triage.stuckTitle", { minutes: STUCK_MINUTES })} framed={false} empty={stuck.total === 0 ? <EmptyRow>{t("triage.noneStuck")}</EmptyRow> : undefined}>
            <THead>
              <Th>{t("devices.columns.name")}</Th>
              <Th>{t("deviceDetail.states")}</Th>
              <Th>{t("triage.since")}</Th>
            </THead>
            <TBody>
              {stuck.items.map((d) => (
                <Tr key={d.id}>
                  <RowHeader>
                    <Link href={`/devices/${d.id}`} className="font-medium text-sky-800 hover:underline">{d.name}</Link>
                    <span className="block text-xs text-slate-600">{d.ownerUpn}</span>
                  </RowHeader>
                  <Td>{d.report ? <>{t(`reportState.${d.report.state}`)} <Code>{d.report.state}</Code></> : "—"}</Td>
                  <Td><DateTime value={d.report?.queuedAt ?? null} locale={locale} /></Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <TriageFooter filter="stuck" total={stuck.total} canResync={canResync} t={t} />
        </Card>

        <Card
          id="failed"
          title={t("triage.failedTitle")}
          aside={<span className="text-sm tabular-nums text-slate-700" data-testid="failed-count">{failed.total.toLocaleString(locale)}</span>}
        >
          <p className="text-sm text-slate-700">{t("triage.failedIntro")}</p>
          <Table label={t("triage.failedTitle")} framed={false} empty={failed.total === 0 ? <EmptyRow>{t("triage.noneFailed")}</EmptyRow> : undefined}>
            <THead>
              <Th>{t("devices.columns.name")}</Th>
              <Th>{t("deviceDetail.error")}</Th>
            </THead>
            <TBody>
              {failed.items.map((d) => (
                <Tr key={d.id}>
                  <RowHeader>
                    <Link href={`/devices/${d.id}`} className="font-medium text-sky-800 hover:underline">{d.name}</Link>
                    <span className="block text-xs text-slate-600">{d.ownerUpn}</span>
                  </RowHeader>
                  <Td className="text-xs">{d.azureLastErrorCode ? <ReportErrorText code={d.azureLastErrorCode} detail={d.azureLastErrorDetail} locale={locale} t={t} /> : "—"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          <TriageFooter filter="failed" total={failed.total} canResync={canResync} t={t} />
        </Card>
      </div>

      <Card id="charts" title={t("triage.charts")}>
        <StackedBarChart id="chart-states" title={t("chart.statesTitle")} description={t("chart.statesHelp")} series={stackByDay(states, days, STATE_KEYS.map((s) => s.key))} keys={stateKeys} locale={locale} texts={chartTexts} />
        <StackedBarChart id="chart-codes" title={t("chart.codesTitle")} description={t("chart.codesHelp")} series={stackByDay(codes, days, codeKeys.map((k) => k.key))} keys={codeKeys} locale={locale} texts={chartTexts} />
      </Card>
    </div>
  );
}

/** Under a triage list: the link to all of them in the device list, and their bulk retry. */
function TriageFooter({ filter, total, canResync, t }: { filter: "stuck" | "failed"; total: number; canResync: boolean; t: Awaited<ReturnType<typeof getTranslator>>["t"] }) {
  // Kept while the list empties: the retry's answer stays under it after the page refreshes.
  if (total === 0 && !canResync) return null;
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      {total > 0 ? (
        <Link href={deviceListHref(parseDeviceListParams({ [filter]: "1" }))} className="text-sm text-sky-800 underline">
          {t("triage.showAll", { count: total })}
        </Link>
      ) : (
        <span />
      )}
      {canResync && (
        <ResyncFilterForm
          action={resyncFilterAction}
          filter={{ [filter]: "1" }}
          count={total}
          align="right"
          texts={{ label: t("triage.retryAll", { count: total }), question: t("triage.retryConfirm", { count: total }), confirm: t("bulk.confirm") }}
        />
      )}
    </div>
  );
}
