import type { AuditFilter } from "../db/audit";

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function get(params: Params, key: string): string | undefined {
  const v = params instanceof URLSearchParams ? params.get(key) : params[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim().slice(0, 200) : undefined;
}

/** `from`/`to` are dates (YYYY-MM-DD, whole days in UTC) or ISO date-times. */
function date(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z` : value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The audit page's filters, as they live in the URL (shared by the page and the CSV export). */
export function parseAuditFilter(params: Params): AuditFilter & { raw: Record<string, string> } {
  const raw: Record<string, string> = {};
  for (const key of ["actor", "action", "target", "from", "to"]) {
    const v = get(params, key);
    if (v) raw[key] = v;
  }
  return { actor: raw.actor, action: raw.action, target: raw.target, from: date(raw.from, false), to: date(raw.to, true), raw };
}
