import Link from "next/link";
import { hasFilters, type DeviceListParams } from "@/lib/domain/device-list-params";
import { AZURE_COMPLIANCE_STATES, CLIENT_STATUS_CODES, LIFECYCLES, PLATFORMS, VERDICTS } from "@/lib/domain/types";
import type { Translator } from "@/lib/i18n/translate";

/** A plain GET form: filters live in the URL, work without JavaScript, and survive reloads. */
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

export function DeviceFilters({ params, t }: { params: DeviceListParams; t: Translator }) {
  const any = t("filters.any");
  return (
    <form method="get" action="/devices" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" role="search">
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
        options={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))} />
      <Select name="clientStatus" label={t("devices.columns.clientStatus")} value={params.clientStatus} anyLabel={any}
        options={[...CLIENT_STATUS_CODES.map((c) => ({ value: c, label: c })), { value: "none", label: t("triage.notReported") }]} />
      <Select name="azureState" label={t("devices.columns.azureState")} value={params.azureState} anyLabel={any}
        options={[...AZURE_COMPLIANCE_STATES.map((s) => ({ value: s, label: t(`azureState.${s}`) })), { value: "none", label: t("azureState.none") }]} />
      <Select name="verdict" label={t("devices.columns.verdict")} value={params.verdict} anyLabel={any}
        options={VERDICTS.map((v) => ({ value: v, label: t(`verdict.${v}`) }))} />
      <Select name="lifecycle" label={t("devices.columns.lifecycle")} value={params.lifecycle} anyLabel={any}
        options={LIFECYCLES.map((l) => ({ value: l, label: t(`lifecycle.${l}`) }))} />
      <label className="flex items-center gap-2 pb-2 text-xs font-medium text-slate-700">
        <input type="checkbox" name="noAzureId" value="1" defaultChecked={params.noAzureId === "1"} />
        {t("devices.noAzureId")}
      </label>
      <input type="hidden" name="sort" value={params.sort} />
      <input type="hidden" name="dir" value={params.dir} />
      <input type="hidden" name="size" value={params.size} />
      <div className="flex gap-2 pb-0.5">
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          {t("filters.apply")}
        </button>
        {hasFilters(params) && (
          <Link href="/devices" className="rounded px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            {t("common.clearFilters")}
          </Link>
        )}
      </div>
    </form>
  );
}
