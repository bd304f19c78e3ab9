// `npm run bench:checkins`: device check-ins per second at concurrency 50, on the embedded
// database (PGlite, on disk as `npm start` uses it) and on PostgreSQL, each next to the rate
// of bare inserts of the same rows in the same run:
//   check-ins     the simulated fleet (lib/simulator) sends check-ins through serveApi, the
//                 function the route handlers call: credential lookup, JSON and schema
//                 validation, and the check-in transaction (idempotency record, facts,
//                 inventory trigger, compliance evaluation, reports), then the answer's state
//                 read. No HTTP: this is the product's own cost per check-in.
//   bare inserts  the same check-ins (device id, check-in id, time, body as JSON) inserted as
//                 one row each, one INSERT per row, autocommit, same client and concurrency:
//                 the database's yardstick for "store what arrived and do nothing else".
// Options: --devices N (default 500), --checkins N (default 4000), --concurrency N (default 50),
// --fleet N (default 0: N more devices generated in SQL first, the rest of a fleet of that size,
// so the check-ins' indexes and lookups are those of a large database),
// --db pglite|postgres|both (default: both when BENCH_DATABASE_URL or TEST_DATABASE_URL names a
// PostgreSQL server where it may create and drop a database, else pglite).
// Writes bench/results/checkins-<time>.json and prints a table.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApiContext } from "../lib/api/context";
import { seedDemoPolicies, testApiKey } from "../lib/api/testing";
import type { Database } from "../lib/db/client";
import { runSimulation, type SimulationStats } from "../lib/simulator/run";
import { inProcessTransport, type Transport } from "../lib/simulator/transport";
import { countStatements, type StatementStats } from "./lib/bench-probes";
import { seedFleet, openFreshBenchDatabase } from "./lib/fleet";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "500" },
    checkins: { type: "string", default: "4000" },
    concurrency: { type: "string", default: "50" },
    db: { type: "string" },
    seed: { type: "string", default: "20260211" },
    fleet: { type: "string", default: "0" },
  },
});
const DEVICES = Number(args.devices);
const CHECKINS = Number(args.checkins);
const CONCURRENCY = Number(args.concurrency);
const FLEET = Number(args.fleet);
if (!Number.isInteger(FLEET) || FLEET < 0) throw new Error("--fleet must be a whole number");
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const which = args.db ?? (postgresUrl ? "both" : "pglite");
if (!["pglite", "postgres", "both"].includes(which)) throw new Error("--db must be pglite, postgres or both");
if (which !== "pglite" && !postgresUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where it may create and drop a database");
for (const [name, n] of Object.entries({ devices: DEVICES, checkins: CHECKINS, concurrency: CONCURRENCY })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
}
const kinds = which === "both" ? (["pglite", "postgres"] as const) : ([which] as ("pglite" | "postgres")[]);

const openFresh = (kind: "pglite" | "postgres") => openFreshBenchDatabase(kind, postgresUrl, "bench-checkins");

interface Row {
  deviceId: string;
  body: unknown;
}

/** Bare inserts of `rows`, `concurrency` at a time: rows per second. */
async function bareInserts(database: Database, rows: Row[], concurrency: number): Promise<number> {
  const prisma = database.prisma;
  await prisma.$executeRawUnsafe(`CREATE TABLE "BenchBareCheckIn" ("id" UUID PRIMARY KEY, "deviceId" UUID NOT NULL, "receivedAt" TIMESTAMPTZ(3) NOT NULL, "body" JSONB NOT NULL)`);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        await prisma.$executeRaw`INSERT INTO "BenchBareCheckIn" ("id", "deviceId", "receivedAt", "body") VALUES (${randomUUID()}::uuid, ${row.deviceId}::uuid, ${new Date()}, ${JSON.stringify(row.body)}::jsonb)`;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const [counted] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "BenchBareCheckIn"`);
  const n = counted?.n;
  if (n !== rows.length) throw new Error(`bare inserts: ${n} rows stored, ${rows.length} expected`);
  await prisma.$executeRawUnsafe(`DROP TABLE "BenchBareCheckIn"`);
  return rows.length / seconds;
}

interface Result {
  database: string;
  devices: number;
  /** Devices generated in SQL before the run (the rest of the fleet). */
  fleet: number;
  concurrency: number;
  checkIns: SimulationStats;
  checkInsPerSecond: number;
  bareInsertsPerSecond: number;
  ratio: number;
  /** PostgreSQL only (the pg driver is where statements are counted): per API call (enrolments and check-ins), and the costliest. */
  statements?: { perCall: number; top: StatementStats["byStatement"] };
}

const results: Result[] = [];
for (const kind of kinds) {
  const database = await openFresh(kind);
  try {
    const prisma = database.prisma;
    if (FLEET > 0) {
      process.stdout.write(`${kind}: generating a fleet of ${FLEET} devices… `);
      await seedFleet(database, FLEET, { azure: true, now: new Date() });
    }
    await seedDemoPolicies(prisma);
    const apiKey = await testApiKey(prisma, "bench");
    // The per-device limit is the server's defence against a runaway device, not under test here.
    const ctx = createApiContext(prisma, { checkInsPerMinute: 1e9, checkInHistoryDays: 7 });
    const inner = inProcessTransport(ctx);
    const sent: Row[] = [];
    const transport: Transport = async (call) => {
      const answer = await inner(call);
      const m = /^\/api\/v1\/devices\/([^/]+)\/check-ins$/.exec(call.path);
      if (m && answer.status === 200 && answer.body.replayed === false) sent.push({ deviceId: m[1]!, body: call.body });
      return answer;
    };
    process.stdout.write(`${kind}: enrolling ${DEVICES} devices, then ${CHECKINS} check-ins at concurrency ${CONCURRENCY}… `);
    const counter = kind === "postgres" ? countStatements() : null;
    const stats = await runSimulation(transport, apiKey, { devices: DEVICES, rate: Infinity, checkIns: CHECKINS, concurrency: CONCURRENCY, seed: Number(args.seed), retryShare: 0 });
    const statementStats = counter?.snapshot();
    counter?.stop();
    if (stats.errors.length) throw new Error(`unexpected answers: ${stats.errors.join("; ")}`);
    process.stdout.write(`${stats.ratePerSecond}/s; bare inserts… `);
    const bare = await bareInserts(database, sent, CONCURRENCY);
    console.log(`${bare.toFixed(1)}/s`);
    results.push({
      database: kind === "pglite" ? "PGlite (on disk)" : `PostgreSQL (${database.location}, pool 10)`,
      devices: DEVICES,
      fleet: FLEET,
      concurrency: CONCURRENCY,
      checkIns: stats,
      checkInsPerSecond: stats.ratePerSecond,
      bareInsertsPerSecond: Math.round(bare * 10) / 10,
      ratio: Math.round((stats.ratePerSecond / bare) * 1000) / 1000,
      ...(statementStats ? { statements: { perCall: Math.round((statementStats.statements / (DEVICES + CHECKINS)) * 10) / 10, top: statementStats.byStatement.slice(0, 12) } } : {}),
    });
  } finally {
    await database.close();
  }
}

console.log(`\nCheck-ins through serveApi vs bare inserts of the same rows (concurrency ${CONCURRENCY}, ${DEVICES} devices${FLEET ? ` in a fleet of ${FLEET + DEVICES}` : ""}, ${CHECKINS} check-ins; ${os.cpus().length} CPUs, Node ${process.version})`);
console.log(["database".padEnd(44), "check-ins/s".padStart(12), "p50 ms".padStart(8), "p95 ms".padStart(8), "bare inserts/s".padStart(15), "ratio".padStart(7)].join(" "));
for (const r of results) {
  console.log([r.database.padEnd(44), String(r.checkInsPerSecond).padStart(12), String(r.checkIns.latencyMs.p50).padStart(8), String(r.checkIns.latencyMs.p95).padStart(8), String(r.bareInsertsPerSecond).padStart(15), r.ratio.toFixed(3).padStart(7)].join(" "));
}
for (const r of results) if (r.statements) console.log(`${r.database}: ${r.statements.perCall} SQL statements per API call (a bare insert: 1); costliest: ${r.statements.top.slice(0, 4).map((t) => `${t.count}× ${t.sql.slice(0, 60)}`).join(" | ")}`);
for (const r of results) console.log(`${r.database}: reports queued ${JSON.stringify(r.checkIns.reportsQueued)}; statuses ${JSON.stringify(r.checkIns.byStatus)}`);
const out = path.join("bench", "results", `checkins-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, node: process.version, results }, null, 2)}\n`);
console.log(`Wrote ${out}`);
