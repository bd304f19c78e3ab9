// `npm run bench`'s summary: the figures of each part's JSON next to the issue's targets.
// One function per part, reading the JSON that part's script writes.

export interface SummaryRow {
  part: string;
  figure: string;
  database: string;
  value: string;
  target?: string;
  met?: boolean;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const num = (v: unknown): number => (typeof v === "number" ? v : Number.NaN);
const dbName = (label: unknown): string => {
  const s = String(label ?? "");
  return /postgres/i.test(s) ? "PostgreSQL" : /pglite/i.test(s) ? "PGlite" : s;
};

function row(part: string, figure: string, database: string, value: number | string, unit: string, target?: { text: string; ok: (v: number) => boolean }): SummaryRow {
  const v = typeof value === "number" ? value : Number.NaN;
  const shown = typeof value === "number" ? (Number.isFinite(value) ? `${Math.abs(value) >= 100 ? Math.round(value) : Math.abs(value) >= 1 ? Number(value.toFixed(2)) : Number(value.toPrecision(3))}${unit}` : "n/a") : value;
  return { part, figure, database, value: shown, ...(target ? { target: target.text, met: Number.isFinite(v) && target.ok(v) } : {}) };
}

const SUMMARISERS: Record<string, (json: Json) => SummaryRow[]> = {
  list(json) {
    const rows: SummaryRow[] = [];
    for (const r of (json.results as Json[] | undefined) ?? []) {
      const db = dbName(r.database);
      const limit = db === "PostgreSQL" ? 100 : 250;
      const combos = (r.combos as Json[] | undefined) ?? [];
      const p95 = Math.max(...combos.map((c) => num(obj(c.list).p95)));
      const ratio = Math.max(...combos.map((c) => num(c.ratio)));
      rows.push(row("list", `list query p95, worst of ${combos.length} combinations`, db, p95, " ms", { text: `< ${limit} ms`, ok: (v) => v < limit }));
      rows.push(row("list", "ratio to bare SQL (p50), worst", db, ratio, "", { text: "< 1.5", ok: (v) => v < 1.5 }));
      const counts = combos.map((c) => num(obj(c.counts).p95)).filter(Number.isFinite);
      if (counts.length) rows.push(row("list", "filter counts p95, worst", db, Math.max(...counts), " ms"));
    }
    return rows;
  },
  pages(json) {
    const rows: SummaryRow[] = [];
    for (const r of (json.results as Json[] | undefined) ?? []) {
      const db = dbName(r.database);
      for (const set of (r.sets as Json[] | undefined) ?? []) {
        rows.push(row("pages", `${String(set.set)} p95 (concurrency ${num(set.connections)})`, db, num(obj(set.latencyMs).p95), " ms", { text: "< 300 ms", ok: (v) => v < 300 }));
        if (num(set.non2xx) !== 0) rows.push({ part: "pages", figure: `${String(set.set)}: answers not 2xx`, database: db, value: String(set.non2xx), target: "0", met: false });
      }
    }
    return rows;
  },
  reporting(json) {
    const rows: SummaryRow[] = [];
    for (const [kind, value] of Object.entries(obj(json.results))) {
      if (kind === "rawCapacity") continue;
      const r = obj(value);
      const db = dbName(kind);
      const weekly = obj(r.weeklyRun);
      rows.push(row("reporting", "weekly run devices/s", db, num(weekly.devicesPerSecond), "/s"));
      rows.push(row("reporting", "weekly run / emulator raw capacity", db, num(weekly.ratioToRawCapacity), "", { text: ">= 0.8", ok: (v) => v >= 0.8 }));
      for (const t of (r.throttled as Json[] | undefined) ?? []) {
        const scenario = `throttled (${String(t.scenario)} budget)`;
        rows.push(row("reporting", `${scenario}: share of budget used`, db, num(t.budgetUsed), "", { text: ">= 0.95", ok: (v) => v >= 0.95 }));
        rows.push(row("reporting", `${scenario}: share of requests answered 429`, db, num(t.share429OfRequests), "", { text: "< 0.01", ok: (v) => v < 0.01 }));
      }
      rows.push(row("reporting", "resync to Completed p95", db, num(obj(r.resyncLatencyMs).p95), " ms", { text: "< 1000 ms", ok: (v) => v < 1000 }));
      const memory = obj(r.memoryMiB);
      const engine = num(memory.peakRssMiB);
      rows.push(row("reporting", db === "PGlite" ? "peak RSS (engine + PGlite, one process)" : "engine peak RSS", db, engine, " MiB", { text: "< 400 MiB", ok: (v) => v < 400 }));
    }
    return rows;
  },
  checkins(json) {
    const rows: SummaryRow[] = [];
    for (const r of (json.results as Json[] | undefined) ?? []) {
      const db = dbName(r.database);
      rows.push(row("checkins", `check-ins/s (concurrency ${num(r.concurrency)})`, db, num(r.checkInsPerSecond), "/s"));
      rows.push(row("checkins", "ratio to bare inserts", db, num(r.ratio), "", { text: ">= 0.5", ok: (v) => v >= 0.5 }));
      const statements = obj(r.statements);
      if (Object.keys(statements).length) rows.push(row("checkins", "SQL statements per API call", db, num(statements.perCall), ""));
    }
    return rows;
  },
  scaleout(json) {
    const rows: SummaryRow[] = [];
    for (const r of (json.results as Json[] | undefined) ?? []) {
      const exact = obj(r.delivery).ok === true;
      rows.push(row("scaleout", `${num(r.workers)} worker(s): devices/s`, "PostgreSQL", num(r.devicesPerSecond), "/s"));
      rows.push({ part: "scaleout", figure: `${num(r.workers)} worker(s): delivered exactly once`, database: "PostgreSQL", value: exact ? "yes" : "no", target: "yes", met: exact });
    }
    return rows;
  },
  policies(json) {
    const rows: SummaryRow[] = [];
    for (const r of (json.results as Json[] | undefined) ?? []) {
      const db = dbName(r.database);
      const seconds = obj(r.seconds);
      rows.push(row("policies", "impact preview", db, num(seconds.preview), " s"));
      rows.push(row("policies", "re-evaluation of every device", db, num(seconds.reevaluate), " s"));
      rows.push({ part: "policies", figure: "re-evaluation agrees with the preview", database: db, value: r.agrees ? "yes" : "no", target: "yes", met: r.agrees === true });
    }
    return rows;
  },
};

export function summarise(part: string, json: unknown): SummaryRow[] {
  const summariser = SUMMARISERS[part];
  if (!summariser) return [];
  return summariser(obj(json));
}
