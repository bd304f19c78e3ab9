// `npm run bench:scaleout` (node --import tsx scripts/bench-scaleout.ts): weekly-run throughput
// with 1, 2 and 4 reporting worker processes on PostgreSQL. For each count: a fresh database
// with --devices devices (scripts/lib/reporting-fleet.ts: deterministic, 1% without an Azure
// device ID), the Intune emulator as its own process (faults and throttling off, completion
// delay 0), a weekly run started ("Run now"), then that many `npm run worker` processes
// (scripts/worker.ts) with the product's settings, except what points them at the emulator
// and the pacing ceilings lifted (REPORTING_WRITES/READS_PER_SECOND: the default 10 writes/s is
// Graph's budget, and the emulator's throttling is off). Measured until the run is COMPLETED:
//   devices/s     completed reports per second from the moment every worker is up
//   exactly once  the emulator accepted one message per device with an Azure device ID, none
//                 twice (duplicateMessages) or rejected; the run and the reports agree
//   share         reports each worker completed (its engine's counters, logged when it stops)
//   memory        each worker's peak RSS (VmHWM) and CPU time, from /proc
// Options: --devices N (default 100000), --workers 1,2,4, --timeout-seconds N (per count;
// default: 120 + devices / 20). Needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL
// server where it may create and drop databases). Writes bench/results/scaleout-<time>.json,
// prints a table; exits 1 when a delivery check fails. Smoke: --devices 1000 (about 15 s).
// Workers, the database and the emulator are removed on failure and on SIGINT/SIGTERM too.
import "./lib/quiet-logs";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "../lib/db/client";
import { createPostgresDatabase } from "../lib/db/test-databases";
import { remoteEmulator } from "../lib/intune/emulator/inspection";
import { startWeeklyRunNow } from "../lib/reporting/scheduler";
import { machineInfo, measureCpu, processCpuSeconds, processMemory } from "./lib/bench-probes";
import { startEmulatorProcess, type EmulatorProcess } from "./lib/emulator-bench";
import { seedReportingFleet } from "./lib/reporting-fleet";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "100000" },
    workers: { type: "string", default: "1,2,4" },
    "timeout-seconds": { type: "string" },
  },
});
const DEVICES = Number(args.devices);
const COUNTS = args.workers!.split(",").map((s) => Number(s.trim()));
if (!Number.isInteger(DEVICES) || DEVICES < 1) throw new Error("--devices must be a whole number >= 1");
if (COUNTS.some((n) => !Number.isInteger(n) || n < 1 || n > 32)) throw new Error("--workers: a list of worker counts between 1 and 32, e.g. 1,2,4");
const TIMEOUT_MS = Number(args["timeout-seconds"] ?? 120 + DEVICES / 20) * 1000;
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
if (!postgresUrl) {
  console.error("bench:scaleout needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a server where it may create and drop databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres");
  process.exit(2);
}
const ROOT = path.join(import.meta.dirname, "..");
const WORKER_SCRIPT = path.join(import.meta.dirname, "worker.ts");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves after `ms` without keeping the process alive (for races against a deadline). */
const deadline = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

interface Worker {
  child: ChildProcess;
  pid: number;
  started: Promise<void>;
  exited: Promise<number | null>;
  /** The engine's counters, logged as it stops ("reporting stopped"). */
  stopped: { completed: number; failed: number; puts: number; polls: number; claimed: number } | null;
  output(): string;
  peakRssMiB: number;
}

/** One `npm run worker` (scripts/worker.ts; spawned as node directly so /proc shows the worker itself). */
function spawnWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER_SCRIPT], {
    cwd: ROOT,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let resolveStarted: () => void = () => {};
  let rejectStarted: (e: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => ((resolveStarted = resolve), (rejectStarted = reject)));
  const worker: Worker = {
    child,
    pid: child.pid!,
    started,
    exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))),
    stopped: null,
    output: () => out,
    peakRssMiB: 0,
  };
  started.catch(() => {}); // awaited by the run; a worker stopped before it started is not an unhandled rejection
  void worker.exited.then((code) => rejectStarted(new Error(`worker ${child.pid} exited (${code}) before it started:\n${out}`)));
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    out = (out + line + "\n").slice(-20_000);
    let entry: { msg?: string; completed?: number; failed?: number; puts?: number; polls?: number; claimed?: number };
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (entry.msg === "reporting worker started") resolveStarted();
    if (entry.msg === "reporting stopped") {
      worker.stopped = { completed: entry.completed ?? 0, failed: entry.failed ?? 0, puts: entry.puts ?? 0, polls: entry.polls ?? 0, claimed: entry.claimed ?? 0 };
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (out = (out + chunk).slice(-20_000)));
  return worker;
}

async function stopWorkers(workers: Worker[], signal: NodeJS.Signals = "SIGTERM") {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill(signal);
  await Promise.all(
    workers.map(async (w) => {
      const done = await Promise.race([w.exited.then(() => true), deadline(30_000).then(() => false)]);
      if (!done) {
        w.child.kill("SIGKILL");
        await w.exited;
      }
    }),
  );
}

interface CountResult {
  workers: number;
  devices: number;
  devicesWithAzureId: number;
  seedSeconds: number;
  /** From the first worker spawned to the run COMPLETED (includes the workers' start-up). */
  wallSeconds: number;
  /** From every worker up to the run COMPLETED. */
  measuredSeconds: number;
  devicesPerSecond: number;
  speedUp?: number;
  delivery: { ok: boolean; checks: Record<string, boolean>; messagesAccepted: number; duplicateMessages: number; messagesRejected: number };
  perWorker: { pid: number; completed: number | null; share: number | null; puts: number | null; peakRssMiB: number; cpuSeconds: number | null }[];
  emulatorCpuSeconds: number | null;
  /** Cores used on average while every worker was up (this process, the emulator, each worker, PostgreSQL) and the machine's busy share. */
  cpu: Record<string, number>;
}

// Everything a run leaves behind, undone on failure and on SIGINT/SIGTERM too.
let live: Worker[] = [];
let dropDatabase: (() => Promise<void>) | null = null;
let emulator: EmulatorProcess | null = null;
async function cleanup() {
  await stopWorkers(live, "SIGKILL").catch(() => {});
  live = [];
  await dropDatabase?.().catch(() => {});
  dropDatabase = null;
  await emulator?.stop().catch(() => {});
  emulator = null;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the workers, dropping the database, stopping the emulator…\n`);
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

async function runCount(n: number, emu: EmulatorProcess, control: ReturnType<typeof remoteEmulator>): Promise<CountResult> {
  await control.reset();
  const created = await createPostgresDatabase(postgresUrl!);
  let database: Database | null = null;
  dropDatabase = async () => {
    await database?.close();
    database = null;
    await created.drop();
  };
  try {
    database = await openDatabase({ databaseUrl: created.url });
    const prisma = database.prisma;
    const seedStart = Date.now();
    const fleet = await seedReportingFleet(prisma, DEVICES);
    await prisma.$executeRawUnsafe("VACUUM ANALYZE");
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const run = await startWeeklyRunNow(prisma);
    if (!run.started) throw new Error("a weekly run was already running");

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scaleout-"));
    const env = {
      DATABASE_URL: created.url,
      DATA_DIR: dataDir,
      INTUNE_EMULATOR_URL: emu.url,
      INTUNE_EMULATOR_CA_FILE: emu.caFile,
      LOG_LEVEL: "info", // the engine's counters are logged (info) when a worker stops
      DEMO_DEVICES: "0",
      REPORTING_WRITES_PER_SECOND: "100000",
      REPORTING_READS_PER_SECOND: "100000",
    };
    const t0 = Date.now();
    const emulatorCpu0 = processCpuSeconds(emu.pid);
    live = Array.from({ length: n }, () => spawnWorker(env));
    const workers = live;
    await Promise.race([Promise.all(workers.map((w) => w.started)), deadline(120_000).then(() => Promise.reject(new Error("the workers did not start within 120 s")))]);
    const t1 = Date.now();
    const completedAtStart = (await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } })).completed;
    const cpuUse = measureCpu({ emulator: emu.pid, ...Object.fromEntries(workers.map((w, i) => [`worker${i + 1}`, w.pid])) });
    console.error(`  ${n} worker(s) up in ${((t1 - t0) / 1000).toFixed(1)} s (pids ${workers.map((w) => w.pid).join(", ")})`);

    const sampleRss = () => {
      for (const w of workers) w.peakRssMiB = Math.max(w.peakRssMiB, processMemory(w.pid)?.peakRssMiB ?? 0);
    };
    let lastLog = Date.now();
    let finishedAt = 0;
    for (;;) {
      const row = await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
      if (row.state === "COMPLETED") {
        finishedAt = Date.now();
        break;
      }
      const dead = workers.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
      if (dead) throw new Error(`worker ${dead.pid} exited (${dead.child.exitCode ?? dead.child.signalCode}) during the run:\n${dead.output()}`);
      if (Date.now() - t0 > TIMEOUT_MS) throw new Error(`the weekly run did not complete within ${TIMEOUT_MS / 1000} s (${row.completed}/${row.total} completed)`);
      if (Date.now() - lastLog > 10_000) {
        console.error(`  ${n} worker(s): ${row.completed}/${row.total} completed`);
        lastLog = Date.now();
      }
      sampleRss();
      await sleep(250);
    }
    sampleRss(); // VmHWM: the peak since each worker started
    const cpuDuringRun = cpuUse.stop();
    const cpu = workers.map((w) => processCpuSeconds(w.pid));
    const emulatorCpu1 = processCpuSeconds(emu.pid);
    await stopWorkers(workers);
    live = [];
    fs.rmSync(dataDir, { recursive: true, force: true });

    const finished = await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
    const stats = await control.stats();
    const [rows] = await prisma.$queryRaw<{ completed: bigint; devices: bigint; messages: bigint; skipped: bigint; other: bigint }[]>`
      SELECT count(*) FILTER (WHERE "state" = 'COMPLETED') AS completed,
             count(DISTINCT "deviceId") FILTER (WHERE "state" = 'COMPLETED') AS devices,
             count(DISTINCT "messageId") FILTER (WHERE "state" = 'COMPLETED') AS messages,
             count(*) FILTER (WHERE "state" = 'SKIPPED') AS skipped,
             count(*) FILTER (WHERE "state" NOT IN ('COMPLETED', 'SKIPPED')) AS other
      FROM "Report" WHERE "weeklyRunId" = ${run.runId}::uuid`;
    const withId = fleet.withAzureId;
    const byWorkers = workers.reduce((sum, w) => sum + (w.stopped?.completed ?? 0), 0);
    const checks: Record<string, boolean> = {
      emulatorAcceptedEachDeviceWithAzureIdOnce: stats.messagesAccepted === withId,
      noDuplicateMessages: stats.duplicateMessages === 0,
      noRejectedMessages: stats.messagesRejected === 0,
      runCompletedEveryDeviceWithAzureId: finished.completed === withId && finished.failed === 0 && finished.skipped === fleet.withoutAzureId,
      oneCompletedReportPerDevice: Number(rows!.completed) === withId && Number(rows!.devices) === withId && Number(rows!.messages) === withId,
      devicesWithoutAzureIdSkipped: Number(rows!.skipped) === fleet.withoutAzureId && Number(rows!.other) === 0,
    };
    if (workers.every((w) => w.stopped)) checks.workersCountedEveryReport = byWorkers === withId;
    const delivery = { ok: Object.values(checks).every(Boolean), checks, messagesAccepted: stats.messagesAccepted, duplicateMessages: stats.duplicateMessages, messagesRejected: stats.messagesRejected };
    if (!delivery.ok) console.error(`  ${n} worker(s): DELIVERY CHECK FAILED ${JSON.stringify({ checks, stats: delivery, run: finished, reports: rows, byWorkers })}`);

    const measuredSeconds = (finishedAt - t1) / 1000;
    const devicesPerSecond = (finished.completed - completedAtStart) / measuredSeconds;
    console.error(`  ${n} worker(s): ${finished.completed} completed in ${((finishedAt - t0) / 1000).toFixed(1)} s, ${devicesPerSecond.toFixed(0)}/s with all up`);
    return {
      workers: n,
      devices: DEVICES,
      devicesWithAzureId: withId,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      wallSeconds: Number(((finishedAt - t0) / 1000).toFixed(2)),
      measuredSeconds: Number(measuredSeconds.toFixed(2)),
      devicesPerSecond: Math.round(devicesPerSecond),
      delivery,
      perWorker: workers.map((w, i) => ({
        pid: w.pid,
        completed: w.stopped?.completed ?? null,
        share: w.stopped ? Number((w.stopped.completed / Math.max(1, withId)).toFixed(3)) : null,
        puts: w.stopped?.puts ?? null,
        peakRssMiB: w.peakRssMiB,
        cpuSeconds: cpu[i] ?? null,
      })),
      cpu: cpuDuringRun,
      emulatorCpuSeconds: emulatorCpu0 !== null && emulatorCpu1 !== null ? Number((emulatorCpu1 - emulatorCpu0).toFixed(1)) : null,
    };
  } finally {
    await stopWorkers(live, "SIGKILL");
    live = [];
    await dropDatabase?.();
    dropDatabase = null;
  }
}

const at = new Date().toISOString();
const results: CountResult[] = [];
let failure: unknown = null;
try {
  emulator = await startEmulatorProcess();
  const control = remoteEmulator(emulator.url, emulator.caPem);
  try {
    for (const n of COUNTS) {
      console.error(`scale-out: ${n} worker process(es), ${DEVICES} devices`);
      results.push(await runCount(n, emulator, control));
    }
  } finally {
    control.close();
  }
} catch (error) {
  failure = error;
} finally {
  await cleanup();
}

const base = results.find((r) => r.workers === 1)?.devicesPerSecond;
for (const r of results) if (base) r.speedUp = Number((r.devicesPerSecond / base).toFixed(2));
const output = { benchmark: "scaleout", at, ...machineInfo(), options: { devices: DEVICES, workers: COUNTS }, results, ...(failure ? { error: String(failure) } : {}) };
const dir = path.join(ROOT, "bench", "results");
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `scaleout-${at.replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

const rows = [
  ["workers", "devices/s", "speed-up", "wall s", "accepted", "duplicates", "exactly once", "share per worker", "peak RSS MiB per worker", "machine busy"],
  ...results.map((r) => [
    String(r.workers),
    String(r.devicesPerSecond),
    r.speedUp === undefined ? "-" : String(r.speedUp),
    String(r.wallSeconds),
    `${r.delivery.messagesAccepted}/${r.devicesWithAzureId}`,
    String(r.delivery.duplicateMessages),
    r.delivery.ok ? "yes" : "NO",
    r.perWorker.map((w) => (w.share === null ? "?" : `${Math.round(w.share * 100)}%`)).join(" "),
    r.perWorker.map((w) => String(w.peakRssMiB)).join(" "),
    `${Math.round((r.cpu.machineBusyShare ?? 0) * 100)}% of ${r.cpu.machineCpus} CPUs`,
  ]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`scale-out on PostgreSQL: ${DEVICES} devices; ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), Node ${process.version}`);
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
console.log(`written to ${path.relative(process.cwd(), file)}`);
if (failure) {
  console.error(`bench:scaleout failed: ${failure instanceof Error ? failure.message : String(failure)}`);
  process.exit(1);
}
if (results.some((r) => !r.delivery.ok)) {
  console.error("a delivery check failed (see the JSON's delivery.checks)");
  process.exit(1);
}
