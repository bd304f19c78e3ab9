import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/guard";
import { DeviceFilters } from "@/components/devices/device-filters";
import { DeviceTable } from "@/components/devices/device-table";
import { Pagination } from "@/components/devices/pagination";
import { prisma } from "@/lib/db";
import { listDevices } from "@/lib/db/devices";
import { getAzureSettings } from "@/lib/db/settings";
import { parseDeviceListParams } from "@/lib/domain/device-list-params";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("devices.read", "/devices");
  const params = parseDeviceListParams(await searchParams);
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const [{ rows, total }, settings] = await Promise.all([listDevices(db, params), getAzureSettings(db)]);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">{t("devices.title")}</h1>
        <p className="text-sm text-slate-600" data-testid="device-count">{t("devices.count", { count: total })}</p>
      </div>
      <DeviceFilters params={params} t={t} />
      <DeviceTable rows={rows} params={params} integrationEnabled={settings.enabled} locale={locale} t={t} />
      <Pagination params={params} total={total} t={t} />
    </div>
  );
}
