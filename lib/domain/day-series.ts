/**
 * Per-day series for the triage charts: the last N days (UTC) in order, each with a count per
 * key (filled with zeros, so a quiet day shows as an empty bar rather than disappearing), and a
 * round axis maximum.
 */

const DAY_MS = 24 * 3600_000;

/** The `days` days up to and including the day of `now`, as YYYY-MM-DD (UTC), oldest first. */
export function lastDays(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The first instant of the oldest of those days. */
export function seriesStart(now: Date, days: number): Date {
  return new Date(`${lastDays(now, days)[0]}T00:00:00.000Z`);
}

export interface DayCount {
  day: string;
  key: string;
  count: number;
}

export interface DayStack {
  day: string;
  values: Record<string, number>;
  total: number;
}

/** Counts per day and key; keys not in `keys` are added to `other` when given, else dropped. */
export function stackByDay(rows: readonly DayCount[], days: readonly string[], keys: readonly string[], other?: string): DayStack[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const stacks: DayStack[] = days.map((day) => ({ day, values: Object.fromEntries(keys.map((k) => [k, 0])), total: 0 }));
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const key = keys.includes(row.key) ? row.key : other;
    if (key === undefined) continue;
    const stack = stacks[i]!;
    stack.values[key] = (stack.values[key] ?? 0) + row.count;
    stack.total += row.count;
  }
  return stacks;
}

/** The first of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n at or above the value (at least 1): a round axis end that wastes little room. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (Math.round(step * power) >= value) return Math.round(step * power);
  return 10 * power;
}
