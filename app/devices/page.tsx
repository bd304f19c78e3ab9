import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ColumnPicker } from "@/components/devices/column-picker";
import { DeviceFilters } from "@/components/devices/device-filters";
import { DeviceTable } from "@/components/devices/device-table";
import { Pagination } from "@/components/devices/pagination";
import { ResyncFilterForm } from "@/components/devices/resync-filter-form";
import { requirePermission } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { deviceListCounts, devicePage } from "@/lib/db/devices";
import { getAzureSettings } from "@/lib/db/settings";
import { deviceListHref, filterQuery, isColumnPickerAnswer, parseDeviceListParams, parseHiddenColumns } from "@/lib/domain/device-list-params";
import { getTranslator } from "@/lib/i18n/server";
import { resyncFilterAction, resyncSelectedAction } from "./actions";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("devices.read", "/devices");
  const search = await searchParams;
  const params = parseDeviceListParams(search);
  const hidden = parseHiddenColumns(search);
  // The column picker posts every ticked column: keep the short, shareable URL instead.
  if (isColumnPickerAnswer(search)) redirect(deviceListHref(params, {}, hidden));
  const now = new Date();
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const [rows, counts, settings] = await Promise.all([devicePage(db, params, now), deviceListCounts(db, params, now), getAzureSettings(db)]);
  const canResync = can(user.role, "device.resync");
  const filter = filterQuery(params);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">{t("devices.title")}</h1>
        <p className="text-sm text-slate-600" data-testid="device-count">{t("devices.count", { count: counts.total })}</p>
      </div>
      <DeviceFilters params={params} hidden={hidden} counts={counts} t={t} />
      <DeviceTable
        key={deviceListHref(params, {}, hidden)}
        rows={rows}
        total={counts.total}
        params={params}
        hidden={hidden}
        integrationEnabled={settings.enabled}
        locale={locale}
        canResync={canResync}
        resyncSelected={resyncSelectedAction}
        toolbar={
          <div className="flex flex-wrap items-start justify-end gap-3">
            {canResync && (
              <ResyncFilterForm
                action={resyncFilterAction}
                filter={Object.fromEntries(new URLSearchParams(filter))}
                count={counts.total}
                texts={{
                  label: t("bulk.resyncFilter", { count: counts.total }),
                  question: t("bulk.resyncFilterConfirm", { count: counts.total }),
                  confirm: t("bulk.confirm"),
                }}
              />
            )}
            <a href={`/api/devices/export${filter ? `?${filter}` : ""}`} download className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100">
              {t("devices.exportCsv", { count: counts.total })}
            </a>
            <ColumnPicker params={params} hidden={hidden} t={t} />
          </div>
        }
      />
      <Pagination params={params} hidden={hidden} total={counts.total} t={t} />
    </div>
  );
}
