import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AzureCard } from "@/components/devices/detail/azure-card";
import { RetireForm, ResyncForm } from "@/components/devices/detail/device-actions";
import { InventoryCard } from "@/components/devices/detail/inventory-card";
import { ReportHistory } from "@/components/devices/detail/report-history";
import { ReportProgress } from "@/components/devices/detail/report-progress";
import { VerdictCard } from "@/components/devices/detail/verdict-card";
import { Badge } from "@/components/ui/badge";
import { Code, DateTime } from "@/components/ui/format";
import { requirePermission } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { deviceEvaluations, deviceReports, getDevice } from "@/lib/db/device-detail";
import { getAzureSettings } from "@/lib/db/settings";
import { IN_FLIGHT_STATES, isInFlight } from "@/lib/domain/report-progress";
import { getTranslator } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/translate";
import { retireDeviceAction, resyncDeviceAction } from "./actions";

export const metadata: Metadata = { title: "Device" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the device page's actions redirect back with (post/redirect/get). */
const NOTICES: Record<string, { key: MessageKey; ok: boolean }> = {
  queued: { key: "deviceDetail.notice.queued", ok: true },
  skipped: { key: "deviceDetail.notice.skipped", ok: false },
  "in-flight": { key: "deviceDetail.notice.inFlight", ok: true },
  retired: { key: "deviceDetail.notice.retired", ok: false },
  "retire-queued": { key: "deviceDetail.notice.retireQueued", ok: true },
  "retired-now": { key: "deviceDetail.notice.retiredNow", ok: true },
  "already-retired": { key: "deviceDetail.notice.alreadyRetired", ok: false },
};

/** The state the in-flight report was in when Resync was pressed (carried in the URL by the action). */
function pressedState(value: string | string[] | undefined): (typeof IN_FLIGHT_STATES)[number] {
  return IN_FLIGHT_STATES.find((s) => s === value) ?? "QUEUED";
}

const LIFECYCLE_TONE = { ACTIVE: "green", RETIRE_PENDING: "amber", RETIRED: "gray" } as const;

export default async function DevicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const user = await requirePermission("devices.read", `/devices/${encodeURIComponent(id)}`);
  if (!UUID.test(id)) notFound();
  const [{ locale, t }, db, search] = await Promise.all([getTranslator(), prisma(), searchParams]);
  const device = await getDevice(db, id.toLowerCase());
  if (!device) notFound();
  const [evaluations, reports, settings] = await Promise.all([deviceEvaluations(db, device.id), deviceReports(db, device.id), getAzureSettings(db)]);

  const newest = reports[0] ?? null;
  const flying = reports.find((r) => isInFlight(r.state));
  const notice = typeof search.notice === "string" ? NOTICES[search.notice] : undefined;
  const canResync = can(user.role, "device.resync") && device.lifecycle !== "RETIRED";
  const canRetire = can(user.role, "device.retire") && device.lifecycle !== "RETIRED";
  const noticeText = notice
    ? t(notice.key, { state: t(`reportState.${pressedState(search.state)}`) })
    : null;

  const facts: [string, React.ReactNode][] = [
    [t("devices.columns.owner"), device.ownerUpn],
    [t("devices.columns.platform"), t(`platform.${device.platform}`)],
    [t("deviceDetail.model"), device.model],
    [t("devices.columns.os"), device.osVersion],
    [t("devices.columns.lastCheckIn"), <DateTime key="c" value={device.lastCheckInAt} locale={locale} />],
    [
      t("devices.columns.lifecycle"),
      <span key="l" className="inline-flex items-center gap-1" data-testid="lifecycle">
        <Badge tone={LIFECYCLE_TONE[device.lifecycle]}>{t(`lifecycle.${device.lifecycle}`)}</Badge> <Code>{device.lifecycle}</Code>
        {device.retiredAt && <span className="text-xs text-slate-600"><DateTime value={device.retiredAt} locale={locale} /></span>}
      </span>,
    ],
  ];

  return (
    <div className="flex flex-col gap-4">
      <Link href="/devices" className="text-sm text-sky-800 underline">← {t("deviceDetail.back")}</Link>
      <header className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="flex min-w-0 flex-1 flex-col gap-2">
          <h1 className="text-2xl font-semibold">{device.name}</h1>
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="flex gap-1.5">
                <dt className="text-slate-600">{label}:</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </div>
        {(canResync || canRetire) && (
          <div className="flex shrink-0 items-start gap-3" role="group" aria-label={t("deviceDetail.actions")}>
            {canResync && <ResyncForm action={resyncDeviceAction} deviceId={device.id} label={t("deviceDetail.resync")} pendingLabel={t("ui.working")} />}
            {canRetire && (
              <RetireForm
                action={retireDeviceAction}
                deviceId={device.id}
                texts={{ label: t("deviceDetail.retire"), question: t("deviceDetail.retireConfirm", { name: device.name }), confirm: t("deviceDetail.retireYes") }}
              />
            )}
          </div>
        )}
      </header>

      {notice && noticeText && (
        <div role="status" data-testid="notice" className={`rounded border px-3 py-2 text-sm ${notice.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-amber-300 bg-amber-50 text-amber-950"}`}>
          {noticeText}
        </div>
      )}
      {newest && (flying || notice) && <ReportProgress report={flying ?? newest} locale={locale} t={t} />}

      <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-3">
        <div className="flex flex-col gap-4 xl:col-span-2">
          <AzureCard device={device} integrationEnabled={settings.enabled} locale={locale} t={t} />
          <VerdictCard device={device} evaluations={evaluations} reports={reports} locale={locale} t={t} />
        </div>
        <InventoryCard device={device} locale={locale} t={t} />
      </div>
      <ReportHistory deviceId={device.id} reports={reports} locale={locale} t={t} />
    </div>
  );
}
