// `npm run bench:list`: the device list's queries at fleet scale, on the embedded database
// (PGlite, on disk as `npm start` uses it) and on PostgreSQL, next to the same queries in bare SQL.
//   fleet     N devices with their Azure fields and report history (scripts/lib/fleet.ts, `azure`:
//             deterministic, every filter of the list matches some devices)
//   list      the /devices list query as the product runs it (lib/db/devices.ts listDevices: one
//             page and the total count, concurrently), for 13 filter / sort / search / page
//             combinations; p50 / p95 over --reps runs after a warm-up
//   bare      the same page and count in hand-written SQL through the raw driver (pg, or the
//             PGlite instance), run side by side with the product's; ratio = list p50 / bare p50.
//             The bare SQL must return the same ids in the same order and the same count: the run
//             fails otherwise
//   counts    deviceListCounts, the filter options' counts the page shows next to the list (one
//             grouped count and one count per unticked checkbox), with its bare SQL too
// Targets: list p95 under 100 ms on PostgreSQL and 250 ms on PGlite; ratio under 1.5. For every
// combination that misses one, EXPLAIN (ANALYZE, BUFFERS) of its bare SQL goes to
// bench/results/list-plans-<time>.txt (--plans: for every combination).
// Options: --devices N (default 100000), --db pglite|postgres|both (default: both when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server where it may create and drop a
// database, else pglite), --reps N (default 20), --plans. Writes bench/results/list-<time>.json.
import "./lib/quiet-logs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { Database } from "../lib/db/client";
import { deviceOrderBy, deviceWhere } from "../lib/db/device-filter-reference";
import { deviceListCounts, deviceListSelect, listDevices, TOGGLES, type DeviceListCounts } from "../lib/db/devices";
import { facetCounts } from "../lib/domain/device-facets";
import { parseDeviceListParams, STALE_REPORT_DAYS, STUCK_MINUTES, type DeviceListParams, type DeviceSort } from "../lib/domain/device-list-params";
import { IN_FLIGHT_STATES } from "../lib/domain/report-progress";
import { deviceListCombos, freshBenchDatabase, onSignalCleanup, percentile, seedFleet, vacuumAnalyze, type BenchDatabase, type ListCombo as Combo } from "./lib/fleet";

const { values: args } = parseArgs({
  options: { devices: { type: "string", default: "100000" }, db: { type: "string" }, reps: { type: "string", default: "20" }, plans: { type: "boolean", default: false } },
});
const DEVICES = Number(args.devices);
const REPS = Number(args.reps);
if (!Number.isInteger(DEVICES) || DEVICES < 100) throw new Error("--devices must be an integer of at least 100");
if (!Number.isInteger(REPS) || REPS < 1) throw new Error("--reps must be a positive integer");
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const which = args.db ?? (postgresUrl ? "both" : "pglite");
if (!["pglite", "postgres", "both"].includes(which)) throw new Error("--db must be pglite, postgres or both");
if (which !== "pglite" && !postgresUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where it may create and drop a database");
const kinds = which === "both" ? (["pglite", "postgres"] as const) : ([which] as ("pglite" | "postgres")[]);
const WARMUP = 3;
const TARGET_P95_MS = { pglite: 250, postgres: 100 } as const;
const TARGET_RATIO = 1.5;

// ---------------------------------------------------------------- the combinations

const COMBOS = deviceListCombos(DEVICES);

// ---------------------------------------------------------------- the bare SQL

interface Sql {
  text: string;
  params: unknown[];
}

const SORT_COLUMNS: Record<DeviceSort, string> = {
  name: "name",
  owner: '"ownerUpn"',
  platform: "platform",
  os: '"osVersion"',
  clientStatus: '"clientStatusCode"',
  azureState: '"azureState"',
  reportTime: '"azureReportedAt"',
  lastCheckIn: '"lastCheckInAt"',
};
const NULLABLE_SORTS = new Set<DeviceSort>(["clientStatus", "azureState", "reportTime"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIST_COLUMNS = `id, name, platform, model, "osVersion", "ownerUpn", "azureDeviceId", "clientStatusCode", "azureState", "azureReportedAt",
       "azureLastErrorCode", "azureLastErrorDetail", "lastCheckInAt", verdict, lifecycle`;

/** The list's filter as a WHERE clause over "Device" d, its values appended to `params`. */
function bareWhere(p: Partial<DeviceListParams>, now: Date, params: unknown[]): string {
  const value = (v: unknown) => (params.push(v), `$${params.length}`);
  const and: string[] = [];
  if (p.platform) and.push(`d.platform = ${value(p.platform)}::"Platform"`);
  if (p.clientStatus) and.push(p.clientStatus === "none" ? `d."clientStatusCode" IS NULL` : `d."clientStatusCode" = ${value(p.clientStatus)}::"ClientStatusCode"`);
  if (p.azureState) and.push(p.azureState === "none" ? `d."azureState" IS NULL` : `d."azureState" = ${value(p.azureState)}::"AzureComplianceState"`);
  if (p.verdict) and.push(`d.verdict = ${value(p.verdict)}::"Verdict"`);
  if (p.lifecycle) and.push(`d.lifecycle = ${value(p.lifecycle)}::"Lifecycle"`);
  if (p.noAzureId) and.push(`d."azureDeviceId" IS NULL`);
  if (p.stale) {
    const before = value(new Date(now.getTime() - STALE_REPORT_DAYS * 24 * 3600_000).toISOString());
    and.push(`(d."azureReportedAt" < ${before}::timestamptz OR (d."azureReportedAt" IS NULL AND d."enrolledAt" < ${before}::timestamptz))`);
  }
  if (p.stuck) {
    const before = value(new Date(now.getTime() - STUCK_MINUTES * 60_000).toISOString());
    and.push(`d."azureState" = 'IN_PROGRESS' AND EXISTS (SELECT 1 FROM "Report" r WHERE r."deviceId" = d.id
              AND r.state IN (${IN_FLIGHT_STATES.map((s) => `'${s}'`).join(", ")}) AND r."queuedAt" < ${before}::timestamptz)`);
  }
  if (p.failed) and.push(`d."azureState" = 'ERROR' AND d."azureDeviceId" IS NOT NULL`);
  if (p.q) {
    const pattern = value(`%${p.q}%`);
    const or = [`d.name ILIKE ${pattern}`, `d."ownerUpn" ILIKE ${pattern}`, `d."serialNumber" ILIKE ${pattern}`];
    if (GUID.test(p.q)) or.push(`d."azureDeviceId" = ${value(p.q.toLowerCase())}::uuid`);
    and.push(`(${or.join(" OR ")})`);
  }
  return and.length ? `WHERE ${and.join(" AND ")}` : "";
}

function barePage(p: DeviceListParams, now: Date): Sql {
  const params: unknown[] = [];
  const where = bareWhere(p, now, params);
  const dir = p.dir === "desc" ? "DESC" : "ASC";
  const nulls = NULLABLE_SORTS.has(p.sort) ? " NULLS LAST" : "";
  return {
    text: `SELECT ${LIST_COLUMNS} FROM "Device" d ${where} ORDER BY d.${SORT_COLUMNS[p.sort]} ${dir}${nulls}, d.id ${dir} LIMIT ${p.size} OFFSET ${(p.page - 1) * p.size}`,
    params,
  };
}

function bareCount(p: Partial<DeviceListParams>, now: Date): Sql {
  const params: unknown[] = [];
  return { text: `SELECT count(*)::int AS n FROM "Device" d ${bareWhere(p, now, params)}`, params };
}

/**
 * deviceListCounts in bare SQL: one grouped count under the non-facet filters that also counts,
 * per group, what the "no Azure device ID", "not reported" and "failed" checkboxes would keep;
 * and the count with "in progress for over 15 min" ticked (unless it is).
 */
function bareCounts(p: DeviceListParams, now: Date): Sql[] {
  const rest: Partial<DeviceListParams> = { ...p, platform: undefined, clientStatus: undefined, azureState: undefined, verdict: undefined, lifecycle: undefined };
  const params: unknown[] = [];
  const where = bareWhere(rest, now, params);
  params.push(new Date(now.getTime() - STALE_REPORT_DAYS * 24 * 3600_000).toISOString());
  const before = `$${params.length}::timestamptz`;
  const grouped = {
    text: `SELECT d.platform, d."clientStatusCode", d."azureState", d.verdict, d.lifecycle, count(*)::int AS n,
                  count(*) FILTER (WHERE d."azureDeviceId" IS NULL)::int AS no_azure_id,
                  count(*) FILTER (WHERE d."azureReportedAt" < ${before} OR (d."azureReportedAt" IS NULL AND d."enrolledAt" < ${before}))::int AS stale,
                  count(*) FILTER (WHERE d."azureState" = 'ERROR' AND d."azureDeviceId" IS NOT NULL)::int AS failed
           FROM (SELECT platform, "clientStatusCode", "azureState", verdict, lifecycle, "azureDeviceId", "azureReportedAt", "enrolledAt"
                 FROM "Device" d ${where} ORDER BY 1, 2, 3, 4, 5) AS d
           GROUP BY d.platform, d."clientStatusCode", d."azureState", d.verdict, d.lifecycle`,
    params,
  };
  return p.stuck ? [grouped] : [grouped, bareCount({ ...p, stuck: "1" }, now)];
}

/**
 * The counts as the product computed them before they were one query (lib/db/devices.ts at the
 * start of this benchmark): Prisma's groupBy of the five facets and one count per unticked
 * checkbox. The product's answer must equal it.
 */
async function referenceCounts(database: Database, p: DeviceListParams, now: Date): Promise<DeviceListCounts> {
  const { platform, clientStatus, azureState, verdict, lifecycle, ...rest } = p;
  const groups = await database.prisma.device.groupBy({ by: ["platform", "clientStatusCode", "azureState", "verdict", "lifecycle"], where: deviceWhere(rest, now), _count: { _all: true } });
  const facets = facetCounts(groups.map((g) => ({ ...g, count: g._count._all })), { platform, clientStatus, azureState, verdict, lifecycle });
  const toggles = {} as DeviceListCounts["toggles"];
  for (const toggle of TOGGLES) toggles[toggle] = p[toggle] ? facets.total : await database.prisma.device.count({ where: deviceWhere({ ...p, [toggle]: "1" }, now) });
  return { ...facets, toggles };
}

/** The page and count through Prisma's findMany and count with deviceWhere / deviceOrderBy: the product's answer must equal it. */
async function referencePage(database: Database, p: DeviceListParams, now: Date) {
  const where = deviceWhere(p, now);
  const [rows, total] = await Promise.all([
    database.prisma.device.findMany({ where, orderBy: deviceOrderBy(p), skip: (p.page - 1) * p.size, take: p.size, select: deviceListSelect }),
    database.prisma.device.count({ where }),
  ]);
  return { rows, total };
}

/** Same keys and values, in any order. */
function canonical(value: unknown): string {
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") return `{${Object.keys(value).sort().map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(value);
}

type Run = (sql: Sql) => Promise<Record<string, unknown>[]>;

/** SQL with its parameters written in, for EXPLAIN. */
function inline(sql: Sql): string {
  return sql.text.replace(/\$(\d+)/g, (_, n: string) => `'${String(sql.params[Number(n) - 1]).replace(/'/g, "''")}'`);
}

// ---------------------------------------------------------------- measuring

interface Figures {
  p50: number;
  p95: number;
}
const figures = (ms: number[]): Figures => ({ p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) });
const round = (ms: number) => Math.round(ms * 100) / 100;

async function time<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

interface ComboResult {
  key: string;
  label: string;
  query: string;
  total: number;
  rows: number;
  list: Figures;
  bare: Figures;
  ratio: number;
  counts: Figures;
  countsBare: Figures;
  countsRatio: number;
  met: { p95: boolean; ratio: boolean };
}

interface DatabaseResult {
  database: string;
  kind: "pglite" | "postgres";
  seedSeconds: number;
  reports: number;
  targetP95Ms: number;
  combos: ComboResult[];
}

function same(product: { rows: { id: string }[]; total: number }, bare: { ids: string[]; total: number }): string | null {
  const ids = product.rows.map((r) => r.id);
  if (product.total !== bare.total) return `count ${product.total} (product) vs ${bare.total} (bare SQL)`;
  if (ids.length !== bare.ids.length || ids.some((id, i) => id !== bare.ids[i])) return `ids differ: product [${ids.slice(0, 5).join(", ")}…] vs bare [${bare.ids.slice(0, 5).join(", ")}…]`;
  return null;
}

async function measure(kind: "pglite" | "postgres", bench: BenchDatabase, plans: string[]): Promise<DatabaseResult> {
  const database: Database = await bench.open();
  const pool = kind === "postgres" ? new pg.Pool({ connectionString: bench.databaseUrl, max: 10 }) : null;
  try {
    const label = kind === "pglite" ? "PGlite (on disk)" : `PostgreSQL (${database.location.split("/")[0]})`;
    process.stderr.write(`${label}: seeding ${DEVICES} devices… `);
    const seeded = await time(() => seedFleet(database, DEVICES, { azure: true, now: new Date() }));
    const vacuum = await time(() => vacuumAnalyze(database));
    console.error(`${(seeded.ms / 1000).toFixed(1)} s (${seeded.value.reports} reports); VACUUM ANALYZE ${(vacuum.ms / 1000).toFixed(1)} s`);
    const run: Run = pool ? async (sql) => (await pool.query(sql.text, sql.params)).rows : async (sql) => (await database.pglite!.query<Record<string, unknown>>(sql.text, sql.params)).rows;
    const bare = async (p: DeviceListParams) => {
      const now = new Date();
      const [rows, count] = await Promise.all([run(barePage(p, now)), run(bareCount(p, now))]);
      return { ids: rows.map((r) => String(r.id)), total: Number(count[0]!.n) };
    };
    const bareCountsRun = async (p: DeviceListParams) => Promise.all(bareCounts(p, new Date()).map(run));

    // Every code path once before anything is timed (JIT, plan caches), checked against Prisma's own queries.
    for (const combo of COMBOS) {
      const p = parseDeviceListParams(combo.search);
      const now = new Date();
      const [product, reference] = [await listDevices(database.prisma, p), await referencePage(database, p, now)];
      const differs = same(product, { ids: reference.rows.map((r) => r.id), total: reference.total });
      if (differs) throw new Error(`${label}, "${combo.label}": listDevices disagrees with Prisma's findMany and count: ${differs}`);
      if (canonical(product.rows) !== canonical(reference.rows)) throw new Error(`${label}, "${combo.label}": listDevices' rows differ from Prisma's findMany`);
      await bare(p);
      await deviceListCounts(database.prisma, p, now);
      await bareCountsRun(p);
    }

    const combos: ComboResult[] = [];
    for (const combo of COMBOS) {
      const p = parseDeviceListParams(combo.search);
      const query = new URLSearchParams(combo.search).toString();
      const ms = { list: [] as number[], bare: [] as number[], counts: [] as number[], countsBare: [] as number[] };
      let last: { rows: { id: string }[]; total: number } = { rows: [], total: 0 };
      for (let i = 0; i < WARMUP + REPS; i++) {
        // Side by side, alternating which goes first, so drift in the machine's load hits both.
        const steps = [
          async () => {
            const product = await time(() => listDevices(database.prisma, p));
            const raw = await time(() => bare(p));
            const differs = same(product.value, raw.value);
            if (differs) throw new Error(`${label}, "${combo.label}" (${query || "no filter"}): the bare SQL disagrees with the product's query: ${differs}`);
            last = product.value;
            return [product.ms, raw.ms];
          },
          async () => {
            const raw = await time(() => bare(p));
            const product = await time(() => listDevices(database.prisma, p));
            const differs = same(product.value, raw.value);
            if (differs) throw new Error(`${label}, "${combo.label}" (${query || "no filter"}): the bare SQL disagrees with the product's query: ${differs}`);
            last = product.value;
            return [product.ms, raw.ms];
          },
        ];
        const [listMs, bareMs] = await steps[i % 2]!();
        const countsAt = new Date();
        const counts = await time(() => deviceListCounts(database.prisma, p, countsAt));
        if (counts.value.total !== last.total) throw new Error(`${label}, "${combo.label}": deviceListCounts total ${counts.value.total} vs listDevices ${last.total}`);
        if (i === 0) {
          const reference = await referenceCounts(database, p, countsAt);
          if (canonical(reference) !== canonical(counts.value)) {
            throw new Error(`${label}, "${combo.label}": deviceListCounts disagrees with Prisma's groupBy and counts:\n  product   ${canonical(counts.value)}\n  reference ${canonical(reference)}`);
          }
        }
        const countsBare = await time(() => bareCountsRun(p));
        if (i < WARMUP) continue;
        ms.list.push(listMs!);
        ms.bare.push(bareMs!);
        ms.counts.push(counts.ms);
        ms.countsBare.push(countsBare.ms);
      }
      const list = figures(ms.list);
      const bareFigures = figures(ms.bare);
      const counts = figures(ms.counts);
      const countsBare = figures(ms.countsBare);
      const result: ComboResult = {
        key: combo.key,
        label: combo.label,
        query,
        total: last.total,
        rows: last.rows.length,
        list,
        bare: bareFigures,
        ratio: round(list.p50 / bareFigures.p50),
        counts,
        countsBare,
        countsRatio: round(counts.p50 / countsBare.p50),
        met: { p95: list.p95 < TARGET_P95_MS[kind], ratio: list.p50 / bareFigures.p50 < TARGET_RATIO },
      };
      combos.push(result);
      process.stderr.write(`  ${combo.label.padEnd(40)} ${String(result.total).padStart(7)} matches  list p50 ${list.p50} ms p95 ${list.p95} ms  bare p50 ${bareFigures.p50} ms  counts p50 ${counts.p50} ms\n`);
      if (args.plans || !result.met.p95 || !result.met.ratio || counts.p95 >= TARGET_P95_MS[kind]) {
        plans.push(await explain(run, label, combo, result, p));
      }
    }
    return { database: label, kind, seedSeconds: round(seeded.ms / 1000), reports: seeded.value.reports, targetP95Ms: TARGET_P95_MS[kind], combos };
  } finally {
    await pool?.end();
    await database.close();
  }
}

async function explain(run: Run, label: string, combo: Combo, r: ComboResult, p: DeviceListParams): Promise<string> {
  const now = new Date();
  const parts = [
    `==== ${label} — ${combo.label} (/devices?${r.query})`,
    `list p50 ${r.list.p50} ms, p95 ${r.list.p95} ms (target ${TARGET_P95_MS[label.startsWith("PGlite") ? "pglite" : "postgres"]} ms); bare p50 ${r.bare.p50} ms; ratio ${r.ratio}; counts p50 ${r.counts.p50} ms, p95 ${r.counts.p95} ms`,
  ];
  const queries: [string, Sql][] = [
    ["page", barePage(p, now)],
    ["count", bareCount(p, now)],
    ...bareCounts(p, now).map((sql, i): [string, Sql] => [i === 0 ? "counts: grouped, with the checkboxes" : "counts: in progress over 15 min", sql]),
  ];
  for (const [name, sql] of queries) {
    const plan = await run({ text: `EXPLAIN (ANALYZE, BUFFERS) ${inline(sql)}`, params: [] });
    parts.push(`-- ${name}\n${inline(sql)}\n${plan.map((row) => String(Object.values(row)[0])).join("\n")}`);
  }
  return `${parts.join("\n\n")}\n`;
}

// ---------------------------------------------------------------- main

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const results: DatabaseResult[] = [];
const plans: string[] = [];
let exitCode = 0;
for (const kind of kinds) {
  const bench = await freshBenchDatabase(kind, postgresUrl, "bench-list");
  const release = onSignalCleanup(() => bench.remove());
  try {
    results.push(await measure(kind, bench, plans));
  } catch (error) {
    console.error(`\n${(error as Error).stack ?? error}`);
    exitCode = 1;
  } finally {
    await bench.remove();
    release();
  }
  if (exitCode) break;
}

const cell = (value: string | number, width: number) => String(value).padStart(width);
for (const r of results) {
  console.log(`\nDevice list at ${DEVICES} devices, ${r.database}: ms over ${REPS} runs (target: list p95 < ${r.targetP95Ms} ms, ratio < ${TARGET_RATIO})`);
  console.log(["combination".padEnd(40), cell("matches", 8), cell("list p50", 9), cell("p95", 7), cell("bare p50", 9), cell("p95", 7), cell("ratio", 6), cell("counts p50", 11), cell("p95", 7), cell("bare p50", 9), cell("ratio", 6), " met"].join(" "));
  for (const c of r.combos) {
    const met = c.met.p95 && c.met.ratio ? "yes" : `NO (${[!c.met.p95 && "p95", !c.met.ratio && "ratio"].filter(Boolean).join(", ")})`;
    console.log([c.label.padEnd(40), cell(c.total, 8), cell(c.list.p50, 9), cell(c.list.p95, 7), cell(c.bare.p50, 9), cell(c.bare.p95, 7), cell(c.ratio, 6), cell(c.counts.p50, 11), cell(c.counts.p95, 7), cell(c.countsBare.p50, 9), cell(c.countsRatio, 6), ` ${met}`].join(" "));
  }
}

const dir = path.join("bench", "results");
fs.mkdirSync(dir, { recursive: true });
if (results.length) {
  const out = path.join(dir, `list-${stamp}.json`);
  const cpus = os.cpus();
  const machine = { cpus: cpus.length, cpu: cpus[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg().map((l) => round(l)) };
  const targets = { listP95Ms: TARGET_P95_MS, ratio: TARGET_RATIO };
  fs.writeFileSync(out, `${JSON.stringify({ benchmark: "list", at: new Date().toISOString(), devices: DEVICES, reps: REPS, warmup: WARMUP, machine, targets, results }, null, 2)}\n`);
  console.log(`Wrote ${out}`);
}
if (plans.length) {
  const out = path.join(dir, `list-plans-${stamp}.txt`);
  fs.writeFileSync(out, plans.join("\n"));
  console.log(`Wrote ${out} (query plans of ${args.plans ? "every combination" : "the combinations that miss a target"})`);
}
process.exit(exitCode);
