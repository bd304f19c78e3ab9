import type { Locale } from "@/lib/i18n/locale";

/** Dates are shown in UTC, with the zone named, so that helpdesk and Microsoft's logs agree. */
export function DateTime({ value, locale, fallback }: { value: Date | null; locale: Locale; fallback?: React.ReactNode }) {
  if (!value) return <>{fallback ?? "—"}</>;
  return (
    <time dateTime={value.toISOString()} title={value.toISOString()} className="whitespace-nowrap">
      {formatDateTime(value, locale)}
    </time>
  );
}

/** One formatter per locale: building an Intl.DateTimeFormat costs far more than formatting (a device list page shows a hundred dates). */
const formatters = new Map<Locale, Intl.DateTimeFormat>();

/** The same text as <DateTime>, for a sentence. */
export function formatDateTime(value: Date, locale: Locale): string {
  let formatter = formatters.get(locale);
  if (!formatter) formatters.set(locale, (formatter = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })));
  return `${formatter.format(value)} UTC`;
}

/** A raw code, in monospace, always next to its translated text (tickets quote the code). */
export function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8em] text-slate-700">{children}</code>;
}
