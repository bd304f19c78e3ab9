// `npm run bench:reporting`: the reporting engine against the Intune emulator (its own process,
// faults and throttling off, completion delay 0), on the embedded database and on PostgreSQL.
// Measured side by side in one run:
//   raw capacity   bare HTTPS PUTs the emulator accepts per second (the yardstick)
//   weekly run     a weekly run of --devices devices, engine in this process with the product's
//                  settings (pacing ceilings lifted: throttling is off): devices/s, ratio to raw
//   resync         --resyncs resyncs one after another, each queued then waited for:
//                  queued -> Completed latency p50/p95, with the engine nudged as the UI does
//   memory         peak RSS and heap of this process during the weekly run (engine + database
//                  client, and PGlite itself on the embedded database), above the baseline
// Options: --devices N (default 5000), --resyncs N (default 100), --db pglite|postgres|both
// (default: both when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server whose
// databases it may create and drop, else pglite), --seconds N (raw capacity phase, default 5).
// Writes bench/results/reporting-<time>.json and prints a table.
import "./lib/quiet-logs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "../lib/db/client";
import { createPostgresDatabase } from "../lib/db/test-databases";
import { parseEnv } from "../lib/env";
import { createIntuneClient } from "../lib/intune/client";
import { emulatedConnection } from "../lib/intune/config";
import { remoteEmulator } from "../lib/intune/emulator/inspection";
import { startWeeklyRunNow } from "../lib/reporting/scheduler";
import { seedDevices } from "../lib/reporting/testing";
import { requestResync } from "../lib/reporting/triggers";
import { reportingOptionsFromEnv, startReporting } from "../lib/reporting/worker";
import { percentile, rawPutCapacity, startEmulatorProcess } from "./lib/emulator-bench";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "5000" },
    resyncs: { type: "string", default: "100" },
    db: { type: "string" },
    seconds: { type: "string", default: "5" },
  },
});
const DEVICES = Number(args.devices);
const RESYNCS = Number(args.resyncs);
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const which = args.db ?? (postgresUrl ? "both" : "pglite");
if (!["pglite", "postgres", "both"].includes(which)) throw new Error("--db must be pglite, postgres or both");
if (which !== "pglite" && !postgresUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where it may create and drop a database");
const kinds = which === "both" ? (["pglite", "postgres"] as const) : ([which] as ("pglite" | "postgres")[]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openFresh(kind: "pglite" | "postgres"): Promise<Database> {
  if (kind === "pglite") return openDatabase({ dataDir: null });
  const created = await createPostgresDatabase(postgresUrl!);
  const database = await openDatabase({ databaseUrl: created.url });
  return { ...database, close: async () => (await database.close(), await created.drop()) };
}

const emulator = await startEmulatorProcess();
const control = remoteEmulator(emulator.url, emulator.caPem);
const results: Record<string, unknown> = {};
try {
  await control.reset();
  const raw = await rawPutCapacity(emulator, { connections: 32, seconds: Number(args.seconds) });
  results.rawCapacity = raw;
  console.error(`raw capacity: ${raw.perSecond} PUT/s`);

  for (const kind of kinds) {
    const database = await openFresh(kind);
    const client = createIntuneClient(emulatedConnection(emulator, { connections: 32 }));
    try {
      await control.reset();
      const prisma = database.prisma;
      const seedStart = Date.now();
      await seedDevices(prisma, DEVICES, { prefix: "bench" });
      const seedSeconds = (Date.now() - seedStart) / 1000;

      const e = parseEnv({ ...process.env, REPORTING_WRITES_PER_SECOND: "100000", REPORTING_READS_PER_SECOND: "100000", REPORTING_SCHEDULER_INTERVAL_MS: "200" });
      const options = reportingOptionsFromEnv(e);
      global.gc?.();
      const baseline = process.memoryUsage();
      let peakRss = baseline.rss;
      let peakHeap = baseline.heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 100);

      const started = Date.now();
      const run = await startWeeklyRunNow(prisma);
      if (!run.started) throw new Error("a weekly run was already running");
      const reporting = startReporting(prisma, client, options);
      let lastLog = Date.now();
      for (;;) {
        const row = await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
        if (row.state === "COMPLETED") break;
        if (Date.now() - lastLog > 5000) {
          console.error(`  ${kind}: weekly run ${row.completed}/${row.total} completed; engine ${JSON.stringify(reporting.engine.stats())}`);
          lastLog = Date.now();
        }
        await sleep(100);
      }
      const weeklySeconds = (Date.now() - started) / 1000;
      clearInterval(sampler);
      const finished = await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
      const perSecond = finished.completed / weeklySeconds;
      console.error(`  ${kind}: weekly run of ${DEVICES} devices in ${weeklySeconds.toFixed(1)} s (${perSecond.toFixed(0)}/s)`);

      // Resync latency: one at a time, nudged as the Resync action does.
      const devices = await prisma.device.findMany({ select: { id: true }, take: RESYNCS, orderBy: { id: "asc" } });
      const latencies: number[] = [];
      for (const d of devices) {
        await requestResync(prisma, { deviceIds: [d.id] }, { requestedBy: "bench" });
        reporting.engine.nudge();
        for (;;) {
          const r = await prisma.report.findFirstOrThrow({ where: { deviceId: d.id, trigger: "MANUAL" }, orderBy: { queuedAt: "desc" } });
          if (r.state === "COMPLETED" || r.state === "FAILED") {
            latencies.push(r.completedAt!.getTime() - r.queuedAt.getTime());
            break;
          }
          await sleep(5);
        }
      }
      await reporting.stop();
      latencies.sort((a, b) => a - b);
      results[kind] = {
        devices: DEVICES,
        seedSeconds: Number(seedSeconds.toFixed(1)),
        weeklyRun: {
          seconds: Number(weeklySeconds.toFixed(2)),
          completed: finished.completed,
          failed: finished.failed,
          devicesPerSecond: Math.round(perSecond),
          ratioToRawCapacity: Number((perSecond / raw.perSecond).toFixed(3)),
        },
        resyncLatencyMs: { count: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) },
        memoryMiB: {
          baselineRss: Math.round(baseline.rss / 2 ** 20),
          peakRss: Math.round(peakRss / 2 ** 20),
          peakRssAboveBaseline: Math.round((peakRss - baseline.rss) / 2 ** 20),
          peakHeapUsed: Math.round(peakHeap / 2 ** 20),
        },
        engineSettings: { concurrency: options.engine.concurrency, pollMs: options.engine.pollMs, idleMs: options.engine.idleMs },
      };
    } finally {
      client.close();
      await database.close();
    }
  }
} finally {
  control.close();
  await emulator.stop();
}

const output = { benchmark: "reporting", at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, results };
const dir = path.join(import.meta.dirname, "..", "bench", "results");
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `reporting-${output.at.replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

const rows: string[][] = [["", "weekly run devices/s", "ratio to raw", "resync p50 ms", "resync p95 ms", "peak RSS MiB (above baseline)"]];
for (const kind of kinds) {
  const r = results[kind] as { weeklyRun: { devicesPerSecond: number; ratioToRawCapacity: number }; resyncLatencyMs: { p50: number; p95: number }; memoryMiB: { peakRss: number; peakRssAboveBaseline: number } };
  rows.push([kind, String(r.weeklyRun.devicesPerSecond), String(r.weeklyRun.ratioToRawCapacity), String(r.resyncLatencyMs.p50), String(r.resyncLatencyMs.p95), `${r.memoryMiB.peakRss} (${r.memoryMiB.peakRssAboveBaseline})`]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`raw emulator capacity: ${(results.rawCapacity as { perSecond: number }).perSecond} PUT/s; ${DEVICES} devices`);
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
console.log(`written to ${path.relative(process.cwd(), file)}`);
