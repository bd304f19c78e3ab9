import type { Metadata } from "next";
import { ActionForm } from "@/components/settings/action-form";
import { ApiKeysCard } from "@/components/settings/api-keys-card";
import { Badge } from "@/components/ui/badge";
import { Code, DateTime } from "@/components/ui/format";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { reportingHealth } from "@/lib/db/health";
import { getAzureSettings, latestWeeklyRuns } from "@/lib/db/settings";
import { env, microsoftMode } from "@/lib/env";
import { nextWeeklyRun } from "@/lib/integration/next-run";
import { getTranslator } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/translate";
import {
  deprovisionTenantAction,
  ensurePolicyAction,
  failNextEmulatorReportsAction,
  provisionTenantAction,
  runWeeklyNowAction,
  saveIntegrationAction,
  saveScheduleAction,
  setEmulatorProvisioningErrorAction,
  testConnectionAction,
} from "./actions";

export const metadata: Metadata = { title: "Settings" };

const input = "rounded border border-slate-300 px-2 py-1 text-sm font-normal";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-3">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-sm sm:col-span-2">{children}</dd>
    </div>
  );
}

function Card({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      <div className="mt-3 flex flex-col gap-3">{children}</div>
    </section>
  );
}

/** ADMIN only: the Azure integration, its connection test, provisioning, policy, schedule and health. */
export default async function SettingsPage() {
  await requirePermission("settings.read", "/settings");
  const [{ locale, t }, database] = await Promise.all([getTranslator(), db()]);
  const [settings, runs, health] = await Promise.all([getAzureSettings(database.prisma), latestWeeklyRuns(database.prisma), reportingHealth(database.prisma)]);
  const e = env();
  const configured = microsoftMode(e) === "configured";
  const runningMode = t(configured ? "settings.modeMICROSOFT" : "settings.modeEMULATED");
  const next = nextWeeklyRun(new Date(), { day: settings.weeklyDay, time: settings.weeklyTime, timeZone: settings.weeklyTimeZone });
  const last = runs[0];
  const days = [0, 1, 2, 3, 4, 5, 6];
  return (
    <div className="grid max-w-6xl grid-cols-1 gap-6 lg:grid-cols-2">
      <h1 className="text-2xl font-semibold lg:col-span-2">{t("settings.title")}</h1>

      <Card id="integration" title={t("settings.integration")}>
        <p className="text-sm text-slate-700">{t("settings.running", { mode: runningMode })} <Code>{configured ? "MICROSOFT" : "EMULATED"}</Code></p>
        <dl className="divide-y divide-slate-100">
          <Row label={t("settings.clientSecret")}>{e.AZURE_CLIENT_SECRET ? t("settings.secretSet") : t("settings.secretNotSet")}</Row>
          <Row label={t("settings.provisioned")}>{settings.provisioned ? <><Badge tone="green">{t("common.yes")}</Badge> <DateTime value={settings.provisionedAt} locale={locale} /></> : <Badge tone="gray">{t("common.no")}</Badge>}</Row>
          <Row label={t("settings.database")}>{t(database.kind === "pglite" ? "settings.databasePglite" : "settings.databasePostgres")}</Row>
        </dl>
        <ActionForm action={saveIntegrationAction} submitLabel={t("settings.save")} name={t("settings.integration")}>
          <label className="flex items-center gap-2 text-sm font-medium"><input type="checkbox" name="enabled" defaultChecked={settings.enabled} /> {t("settings.enabled")}</label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t("settings.mode")}
            <select name="mode" defaultValue={settings.mode} className={input}>
              <option value="EMULATED">{t("settings.modeEMULATED")} (EMULATED)</option>
              <option value="MICROSOFT">{t("settings.modeMICROSOFT")} (MICROSOFT)</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.tenantId")}<input name="tenantId" defaultValue={settings.tenantId ?? (configured ? e.AZURE_TENANT_ID : "")} className={`${input} font-mono`} /></label>
          <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.clientId")}<input name="clientId" defaultValue={settings.clientId ?? (configured ? e.AZURE_CLIENT_ID : "")} className={`${input} font-mono`} /></label>
        </ActionForm>
      </Card>

      <Card id="connection" title={t("settings.connection")}>
        <p className="text-sm text-slate-700">{t("settings.testHelp")}</p>
        <ActionForm action={testConnectionAction} submitLabel={t("settings.testConnection")} name={t("settings.testConnection")} />
        <h3 className="text-sm font-semibold text-slate-700">{t("settings.provisioning")}</h3>
        <div className="flex flex-wrap gap-4">
          <ActionForm action={provisionTenantAction} submitLabel={t("settings.provision")} name={t("settings.provision")} />
          <ActionForm action={deprovisionTenantAction} submitLabel={t("settings.deprovision")} name={t("settings.deprovision")} danger />
        </div>
      </Card>

      <Card id="policy" title={t("settings.policy")}>
        <dl><Row label={t("settings.policyId")}>{settings.partnerPolicyId ? <Code>{settings.partnerPolicyId}</Code> : t("settings.notSet")}</Row></dl>
        <ActionForm action={ensurePolicyAction} submitLabel={t("settings.ensurePolicy")} name={t("settings.policy")}>
          <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.policyName")}<input name="displayName" defaultValue="MDM partner compliance" className={input} /></label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            {t("settings.platform")}
            <select name="platform" defaultValue="iOS" className={input}><option value="iOS">iOS</option><option value="Android">Android</option></select>
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.groupId")}<input name="groupId" className={`${input} font-mono`} /></label>
        </ActionForm>
      </Card>

      <Card id="weekly" title={t("settings.weekly")}>
        <dl className="divide-y divide-slate-100">
          <Row label={t("settings.schedule")}>{t("settings.weeklyWhen", { day: t(`settings.days.${settings.weeklyDay}` as MessageKey), time: settings.weeklyTime, zone: settings.weeklyTimeZone })}</Row>
          <Row label={t("settings.nextRun")}><DateTime value={next} locale={locale} /></Row>
          <Row label={t("settings.lastRun")}>{last ? <><DateTime value={last.startedAt} locale={locale} /> <Code>{last.state}</Code> <span className="tabular-nums text-slate-600">{[last.total, last.queued, last.skipped, last.completed, last.failed].join(" / ")}</span></> : t("settings.noRuns")}</Row>
        </dl>
        <ActionForm action={saveScheduleAction} submitLabel={t("settings.saveSchedule")} name={t("settings.schedule")}>
          <div className="flex flex-wrap gap-3">
            <label className="flex flex-col gap-1 text-sm font-medium">
              {t("settings.day")}
              <select name="weeklyDay" defaultValue={settings.weeklyDay} className={input}>
                {days.map((d) => <option key={d} value={d}>{t(`settings.days.${d}` as MessageKey)}</option>)}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.time")}<input name="weeklyTime" defaultValue={settings.weeklyTime} pattern="([01][0-9]|2[0-3]):[0-5][0-9]" className={`${input} w-24`} /></label>
            <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.timeZone")}<input name="weeklyTimeZone" defaultValue={settings.weeklyTimeZone} className={input} /></label>
          </div>
        </ActionForm>
        <ActionForm action={runWeeklyNowAction} submitLabel={t("settings.runNow")} name={t("settings.runNow")} />
        <h3 className="text-sm font-semibold text-slate-700">{t("settings.lastRuns")}</h3>
        {runs.length === 0 ? (
          <p className="text-sm text-slate-600">{t("settings.noRuns")}</p>
        ) : (
          <Table label={t("settings.lastRuns")} framed={false}>
            <THead>
              <Th>{t("settings.runStarted")}</Th>
              <Th>{t("settings.runState")}</Th>
              <Th>{t("settings.runCounts")}</Th>
            </THead>
            <TBody>
              {runs.map((run) => (
                <Tr key={run.id}>
                  <Td><DateTime value={run.startedAt} locale={locale} /></Td>
                  <Td><Code>{run.state}</Code></Td>
                  <Td className="tabular-nums">{[run.total, run.queued, run.skipped, run.completed, run.failed].join(" / ")}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card id="health" title={t("settings.health")}>
        <dl className="divide-y divide-slate-100" data-testid="health">
          <Row label={t("settings.queueDepth")}><span className="tabular-nums">{health.queueDepth}</span></Row>
          <Row label={t("settings.oldestPending")}>{health.oldestPendingAt ? <DateTime value={health.oldestPendingAt} locale={locale} /> : t("common.none")}</Row>
          <Row label={t("settings.completed24h")}><span className="tabular-nums">{health.completed24h}</span></Row>
          <Row label={t("settings.failed24h")}><span className="tabular-nums">{health.failed24h}</span></Row>
          <Row label={t("settings.throttled24h")}><span className="tabular-nums">{health.throttled24h}</span></Row>
          <Row label={t("settings.lastSuccess")}>{health.lastSuccessAt ? <DateTime value={health.lastSuccessAt} locale={locale} /> : t("common.never")}</Row>
        </dl>
      </Card>

      <ApiKeysCard />

      {!configured && (
        <Card id="emulator" title={t("settings.emulator")}>
          <p className="text-sm text-slate-700">{t("settings.emulatorHelp")}</p>
          <ActionForm action={setEmulatorProvisioningErrorAction} submitLabel={t("settings.applyEmulator")} name={t("settings.emulator")}>
            <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.provisioningError")}<input name="detail" className={input} /></label>
          </ActionForm>
          <h3 className="text-sm font-semibold text-slate-700">{t("settings.failNext")}</h3>
          <p className="text-sm text-slate-700">{t("settings.failNextHelp")}</p>
          <ActionForm action={failNextEmulatorReportsAction} submitLabel={t("settings.applyEmulator")} name={t("settings.failNext")}>
            <label className="flex flex-col gap-1 text-sm font-medium">{t("settings.failNextCount")}<input name="count" type="number" min={1} max={100} defaultValue={1} className={`${input} w-24`} /></label>
          </ActionForm>
        </Card>
      )}
    </div>
  );
}
