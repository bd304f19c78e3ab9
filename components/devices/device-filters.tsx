import Link from "next/link";
import type { DeviceListCounts, Toggle } from "@/lib/db/devices";
import { hasFilters, STALE_REPORT_DAYS, STUCK_MINUTES, type DeviceColumn, type DeviceListParams } from "@/lib/domain/device-list-params";
import { AZURE_COMPLIANCE_STATES, CLIENT_STATUS_CODES, LIFECYCLES, PLATFORMS, VERDICTS } from "@/lib/domain/types";
import type { Translator } from "@/lib/i18n/translate";

/**
 * A plain GET form: filters live in the URL, work without JavaScript, and survive reloads.
 * Every option shows how many devices it would match with the other filters kept.
 */
function Select({
  name,
  label,
  value,
  options,
  anyLabel,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  anyLabel: string;
}) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
      {label}
      <select name={name} defaultValue={value ?? ""} className="rounded border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal">
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DeviceFilters({ params, hidden, counts, t }: { params: DeviceListParams; hidden: DeviceColumn[]; counts: DeviceListCounts; t: Translator }) {
  const any = t("filters.any");
  const option = (facet: keyof DeviceListCounts["counts"], value: string, label: string) => ({
    value,
    label: t("filters.withCount", { label, count: counts.counts[facet][value] ?? 0 }),
  });
  const toggles: { name: Toggle; label: string }[] = [
    { name: "noAzureId", label: t("devices.noAzureId") },
    { name: "stale", label: t("filters.stale", { days: STALE_REPORT_DAYS }) },
    { name: "stuck", label: t("filters.stuck", { minutes: STUCK_MINUTES }) },
    { name: "failed", label: t("filters.failed") },
  ];
  return (
    <form method="get" action="/devices" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" role="search">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-64 flex-1 flex-col gap-1 text-xs font-medium text-slate-700">
          {t("filters.search")}
          <input
            type="search"
            name="q"
            defaultValue={params.q ?? ""}
            placeholder={t("filters.searchPlaceholder")}
            className="rounded border border-slate-300 px-2 py-1.5 text-sm font-normal"
          />
        </label>
        <Select name="platform" label={t("devices.columns.platform")} value={params.platform} anyLabel={any}
          options={PLATFORMS.map((p) => option("platform", p, t(`platform.${p}`)))} />
        <Select name="clientStatus" label={t("devices.columns.clientStatus")} value={params.clientStatus} anyLabel={any}
          options={[...CLIENT_STATUS_CODES.map((c) => option("clientStatus", c, c)), option("clientStatus", "none", t("triage.notReported"))]} />
        <Select name="azureState" label={t("devices.columns.azureState")} value={params.azureState} anyLabel={any}
          options={[...AZURE_COMPLIANCE_STATES.map((s) => option("azureState", s, t(`azureState.${s}`))), option("azureState", "none", t("azureState.none"))]} />
        <Select name="verdict" label={t("devices.columns.verdict")} value={params.verdict} anyLabel={any}
          options={VERDICTS.map((v) => option("verdict", v, t(`verdict.${v}`)))} />
        <Select name="lifecycle" label={t("devices.columns.lifecycle")} value={params.lifecycle} anyLabel={any}
          options={LIFECYCLES.map((l) => option("lifecycle", l, t(`lifecycle.${l}`)))} />
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
        {toggles.map((toggle) => (
          <label key={toggle.name} className="flex items-center gap-2 text-xs font-medium text-slate-700">
            <input type="checkbox" name={toggle.name} value="1" defaultChecked={params[toggle.name] === "1"} />
            {t("filters.withCount", { label: toggle.label, count: counts.toggles[toggle.name] })}
          </label>
        ))}
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        <input type="hidden" name="size" value={params.size} />
        {hidden.length > 0 && <input type="hidden" name="hide" value={hidden.join(",")} />}
        <div className="ml-auto flex gap-2">
          <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
            {t("filters.apply")}
          </button>
          {hasFilters(params) && (
            <Link href={hidden.length ? `/devices?hide=${hidden.join(",")}` : "/devices"} className="rounded px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
              {t("common.clearFilters")}
            </Link>
          )}
        </div>
      </div>
    </form>
  );
}
