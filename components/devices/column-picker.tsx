import { DEVICE_COLUMNS, type DeviceColumn, type DeviceListParams } from "@/lib/domain/device-list-params";
import type { MessageKey, Translator } from "@/lib/i18n/translate";

/**
 * Which columns the list shows: a GET form (works without JavaScript). It posts `columns=1`
 * and a `show` per ticked column; the page turns that into the short `hide=` URL.
 */
export function ColumnPicker({ params, hidden, t }: { params: DeviceListParams; hidden: DeviceColumn[]; t: Translator }) {
  const keep = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | number][];
  return (
    <details className="relative">
      <summary className="cursor-pointer rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100">
        {t("devices.columnsLabel")}
      </summary>
      <form method="get" action="/devices" className="absolute right-0 z-20 mt-2 flex w-72 flex-col gap-2 rounded-lg border border-slate-300 bg-white p-3 shadow-lg">
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1 text-xs font-semibold text-slate-700">{t("devices.columnsLabel")}</legend>
          {DEVICE_COLUMNS.map((column) => (
            <label key={column} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="show" value={column} defaultChecked={!hidden.includes(column)} disabled={column === "name"} />
              {t(`devices.columns.${column}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        {keep.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={String(value)} />
        ))}
        <input type="hidden" name="columns" value="1" />
        <button type="submit" className="self-start rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">
          {t("devices.columnsApply")}
        </button>
      </form>
    </details>
  );
}
