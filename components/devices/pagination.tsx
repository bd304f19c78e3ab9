import Link from "next/link";
import { deviceListHref, PAGE_SIZES, type DeviceColumn, type DeviceListParams } from "@/lib/domain/device-list-params";
import type { Translator } from "@/lib/i18n/translate";

export function Pagination({ params, hidden, total, t }: { params: DeviceListParams; hidden: DeviceColumn[]; total: number; t: Translator }) {
  const pages = Math.max(1, Math.ceil(total / params.size));
  const page = Math.min(params.page, pages);
  const from = total === 0 ? 0 : (page - 1) * params.size + 1;
  const to = Math.min(total, page * params.size);
  const href = (change: Partial<DeviceListParams>) => deviceListHref(params, change, hidden);
  const linkClass = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100";
  const disabledClass = "rounded border border-slate-200 px-3 py-1.5 text-sm text-slate-500";
  return (
    <nav aria-label={t("common.pagination")} className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700">
      <p>{t("common.showing", { from, to, total })}</p>
      <div className="flex items-center gap-2">
        <span>{t("common.rowsPerPage")}:</span>
        {PAGE_SIZES.map((size) =>
          size === params.size ? (
            <span key={size} aria-current="true" className="rounded bg-slate-900 px-2 py-1 text-white">{size}</span>
          ) : (
            <Link key={size} href={href({ size, page: 1 })} className="rounded px-2 py-1 hover:bg-slate-100">{size}</Link>
          ),
        )}
      </div>
      <div className="flex items-center gap-2">
        {page > 1 ? <Link href={href({ page: page - 1 })} className={linkClass} rel="prev">{t("common.previous")}</Link> : <span className={disabledClass}>{t("common.previous")}</span>}
        <span>{t("common.pageOf", { page, pages })}</span>
        {page < pages ? <Link href={href({ page: page + 1 })} className={linkClass} rel="next">{t("common.next")}</Link> : <span className={disabledClass}>{t("common.next")}</span>}
      </div>
    </nav>
  );
}
