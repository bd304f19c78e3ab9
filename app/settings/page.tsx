import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Code, DateTime } from "@/components/ui/format";
import { db } from "@/lib/db";
import { getAzureSettings, latestWeeklyRuns } from "@/lib/db/settings";
import { env, microsoftMode } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/translate";

export const metadata: Metadata = { title: "Settings" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-3">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-sm sm:col-span-2">{children}</dd>
    </div>
  );
}

export default async function SettingsPage() {
  const [{ locale, t }, database] = await Promise.all([getTranslator(), db()]);
  const [settings, runs] = await Promise.all([getAzureSettings(database.prisma), latestWeeklyRuns(database.prisma)]);
  const e = env();
  const configured = microsoftMode(e) === "configured";
  const tenantId = configured ? e.AZURE_TENANT_ID : settings.tenantId;
  const clientId = configured ? e.AZURE_CLIENT_ID : settings.clientId;
  const notSet = <span className="text-slate-500">{t("settings.notSet")}</span>;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("settings.title")}</h1>
      <section aria-labelledby="integration" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="integration" className="text-lg font-semibold">{t("settings.integration")}</h2>
        <dl className="mt-2 divide-y divide-slate-100">
          <Row label={t("settings.enabled")}>{settings.enabled ? <Badge tone="green">{t("common.yes")}</Badge> : <Badge tone="gray">{t("common.no")}</Badge>}</Row>
          <Row label={t("settings.mode")}>{t(configured ? "settings.modeMICROSOFT" : "settings.modeEMULATED")}</Row>
          <Row label={t("settings.tenantId")}>{tenantId ? <Code>{tenantId}</Code> : notSet}</Row>
          <Row label={t("settings.clientId")}>{clientId ? <Code>{clientId}</Code> : notSet}</Row>
          <Row label={t("settings.clientSecret")}>{e.AZURE_CLIENT_SECRET ? t("settings.secretSet") : t("settings.secretNotSet")}</Row>
          <Row label={t("settings.provisioned")}>{settings.provisioned ? <DateTime value={settings.provisionedAt} locale={locale} /> : t("common.no")}</Row>
          <Row label={t("settings.database")}>{t(database.kind === "pglite" ? "settings.databasePglite" : "settings.databasePostgres")} <Code>{database.location}</Code></Row>
        </dl>
      </section>
      <section aria-labelledby="weekly" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="weekly" className="text-lg font-semibold">{t("settings.weekly")}</h2>
        <p className="mt-2 text-sm">
          {t("settings.weeklyWhen", { day: t(`settings.days.${settings.weeklyDay}` as MessageKey), time: settings.weeklyTime, zone: settings.weeklyTimeZone })}
        </p>
        <h3 className="mt-4 text-sm font-semibold text-slate-700">{t("settings.lastRuns")}</h3>
        {runs.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">{t("settings.noRuns")}</p>
        ) : (
          <table className="mt-2 min-w-full text-sm">
            <thead className="text-left text-xs text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-4">{t("settings.runStarted")}</th>
                <th scope="col" className="py-1 pr-4">{t("settings.runState")}</th>
                <th scope="col" className="py-1">{t("settings.runCounts")}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} className="border-t border-slate-100">
                  <td className="py-1 pr-4"><DateTime value={run.startedAt} locale={locale} /></td>
                  <td className="py-1 pr-4"><Code>{run.state}</Code></td>
                  <td className="py-1 tabular-nums">{[run.total, run.queued, run.skipped, run.completed, run.failed].join(" / ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
