import Link from "next/link";
import { DateTime } from "@/components/ui/format";
import type { DeviceListRow } from "@/lib/db/devices";
import { deviceListHref, type DeviceListParams, type DeviceSort } from "@/lib/domain/device-list-params";
import type { Locale } from "@/lib/i18n/locale";
import type { MessageKey, Translator } from "@/lib/i18n/translate";
import { AzureDeviceId, AzureStateBadge, ClientStatus, ReportTime } from "./azure-cells";

const COLUMNS: { key: string; label: MessageKey; sort?: DeviceSort }[] = [
  { key: "name", label: "devices.columns.name", sort: "name" },
  { key: "owner", label: "devices.columns.owner", sort: "owner" },
  { key: "platform", label: "devices.columns.platform", sort: "platform" },
  { key: "os", label: "devices.columns.os", sort: "os" },
  { key: "azureDeviceId", label: "devices.columns.azureDeviceId" },
  { key: "clientStatus", label: "devices.columns.clientStatus", sort: "clientStatus" },
  { key: "azureState", label: "devices.columns.azureState", sort: "azureState" },
  { key: "reportTime", label: "devices.columns.reportTime", sort: "reportTime" },
  { key: "lastCheckIn", label: "devices.columns.lastCheckIn", sort: "lastCheckIn" },
];

function SortHeader({ column, params, t }: { column: (typeof COLUMNS)[number]; params: DeviceListParams; t: Translator }) {
  const label = t(column.label);
  if (!column.sort) return <>{label}</>;
  const active = params.sort === column.sort;
  const dir = active && params.dir === "asc" ? "desc" : "asc";
  return (
    <Link href={deviceListHref(params, { sort: column.sort, dir, page: 1 })} className="inline-flex items-center gap-1 hover:underline">
      {label}
      <span aria-hidden className="text-slate-400">{active ? (params.dir === "asc" ? "▲" : "▼") : "↕"}</span>
    </Link>
  );
}

export function DeviceTable({
  rows,
  params,
  integrationEnabled,
  locale,
  t,
}: {
  rows: DeviceListRow[];
  params: DeviceListParams;
  integrationEnabled: boolean;
  locale: Locale;
  t: Translator;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-100 text-left text-xs font-semibold text-slate-700">
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                scope="col"
                className="px-3 py-2 align-bottom"
                aria-sort={params.sort === column.sort ? (params.dir === "asc" ? "ascending" : "descending") : undefined}
              >
                <SortHeader column={column} params={params} t={t} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((d) => (
            <tr key={d.id} className="align-top hover:bg-slate-50">
              <td className="px-3 py-2">
                <span className="font-medium text-slate-900">{d.name}</span>
                <span className="block text-xs text-slate-500">{d.model}</span>
              </td>
              <td className="px-3 py-2 text-slate-700">{d.ownerUpn}</td>
              <td className="px-3 py-2">{t(`platform.${d.platform}`)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{d.osVersion}</td>
              <td className="px-3 py-2">
                <AzureDeviceId id={d.azureDeviceId} t={t} />
              </td>
              <td className="px-3 py-2">
                <ClientStatus code={d.clientStatusCode} locale={locale} t={t} />
              </td>
              <td className="px-3 py-2">
                <AzureStateBadge state={d.azureState} t={t} />
              </td>
              <td className="px-3 py-2 max-w-56">
                <ReportTime device={d} integrationEnabled={integrationEnabled} locale={locale} t={t} />
              </td>
              <td className="px-3 py-2">
                <DateTime value={d.lastCheckInAt} locale={locale} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="p-6 text-center text-slate-600">{t("devices.empty")}</p>}
    </div>
  );
}
