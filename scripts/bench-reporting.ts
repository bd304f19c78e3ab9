// `npm run bench:reporting`: the reporting engine against the Intune emulator (its own process,
// faults off, completion delay 0), on the embedded database and on PostgreSQL. Each database
// runs in a child process of its own (the engine's process: on PostgreSQL it holds only the
// engine, so its memory is the engine's; on PGlite the database runs inside it too).
// Measured side by side in one run:
//   raw capacity   bare HTTPS PUTs the emulator accepts per second (the yardstick)
//   weekly run     a weekly run of --devices devices (1% of them without an Azure device ID),
//                  throttling off, engine with the product's settings (pacing ceilings lifted):
//                  devices/s, ratio to raw; delivery checked: every device with an Azure ID
//                  accepted exactly once by the emulator (messagesAccepted, duplicateMessages)
//                  and completed once in the database; SQL statements per report (PostgreSQL)
//   resync         --resyncs resyncs one after another, each queued then waited for:
//                  queued -> Completed latency p50/p95, with the engine nudged as the UI does
//   memory         peak RSS (and heap, external memory) of the engine's process during the
//                  weekly run
//   throttled      Graph-like budgets on in the emulator (--throttle-budget LIMIT/WINDOW_MS of
//                  writes per app per tenant, twice that per tenant, 130,000 requests per 10 s
//                  per app), the weekly run going, measured over whole budget windows
//                  (--throttle-seconds rounded up to windows): share of the budget used
//                  (writes answered 2xx / budget capacity of those windows) and share of
//                  requests answered 429. Two scenarios (--throttle-scenarios): "configured",
//                  the engine's write ceiling set to the budget's rate (the product's default of
//                  10/s is Graph's 200 per 20 s), and "unknown", the ceilings lifted so the
//                  pacer has only the 429s to find the budget by.
// Options: --devices N (default 5000), --resyncs N (default 100), --db pglite|postgres|both
// (default: both when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server whose
// databases it may create and drop, else pglite), --seconds N (raw capacity phase, default 5),
// --throttle-seconds N (default 60; 0 skips the throttled phase), --throttle-budget L/MS
// (default 200/20000; a phase shorter than one window uses a window that long, same rate),
// --throttle-scenarios configured,unknown, --cpu-profile (profiles the engine's process during
// the weekly run, counts CPU per report; writes bench/results/reporting-profile-<time>.txt),
// --live-heap (collects garbage every 2 s during the weekly run: the heap really held, next to
// RSS), --engine-max-old-space MB (the engine's process runs with that V8 heap limit).
// Smoke (checks the harness, figures mean nothing): --devices 1000 --resyncs 10 --seconds 1
// --throttle-seconds 2 (about 35 s).
// Writes bench/results/reporting-<time>.json and prints tables; exits 1 when a delivery check fails.
import "./lib/quiet-logs";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { PrismaClient } from "@prisma/client";
import { openDatabase, type Database } from "../lib/db/client";
import { startMaintenance } from "../lib/db/maintenance";
import { createPostgresDatabase } from "../lib/db/test-databases";
import { parseEnv } from "../lib/env";
import { createIntuneClient } from "../lib/intune/client";
import { emulatedConnection } from "../lib/intune/config";
import { remoteEmulator } from "../lib/intune/emulator/inspection";
import type { Budgets } from "../lib/intune/emulator/throttle";
import { startWeeklyRunNow } from "../lib/reporting/scheduler";
import { requestResync } from "../lib/reporting/triggers";
import { reportingOptionsFromEnv, startReporting, type RunningReporting } from "../lib/reporting/worker";
import { countStatements, machineInfo, measureCpu, sampleMemory, startCpuProfile, summarizeCpuProfile, type StatementStats } from "./lib/bench-probes";
import { percentile, rawPutCapacity, startEmulatorProcess } from "./lib/emulator-bench";
import { seedReportingFleet } from "./lib/reporting-fleet";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "5000" },
    resyncs: { type: "string", default: "100" },
    db: { type: "string" },
    seconds: { type: "string", default: "5" },
    "throttle-seconds": { type: "string", default: "60" },
    "throttle-budget": { type: "string", default: "200/20000" },
    "throttle-scenarios": { type: "string", default: "configured,unknown" },
    "cpu-profile": { type: "boolean", default: false },
    "live-heap": { type: "boolean", default: false },
    "engine-max-old-space": { type: "string" },
    // Internal: the parent runs each database in a child process with these.
    child: { type: "string" },
    "emulator-url": { type: "string" },
    "emulator-ca-file": { type: "string" },
    "emulator-pid": { type: "string" },
    out: { type: "string" },
    stamp: { type: "string" },
  },
});
const DEVICES = Number(args.devices);
const RESYNCS = Number(args.resyncs);
const THROTTLE_SECONDS = Number(args["throttle-seconds"]);
const budgetMatch = /^(\d+)\/(\d+)$/.exec(args["throttle-budget"]!);
if (!budgetMatch) throw new Error("--throttle-budget must look like 200/20000 (writes per window / window in ms)");
const GIVEN_BUDGET = { limit: Number(budgetMatch[1]), windowMs: Number(budgetMatch[2]) };
if (GIVEN_BUDGET.limit < 1 || GIVEN_BUDGET.windowMs < 100) throw new Error("--throttle-budget: at least 1 write per window of at least 100 ms");
const SCENARIOS = args["throttle-scenarios"]!.split(",").map((s) => s.trim()).filter(Boolean);
for (const s of SCENARIOS) if (s !== "configured" && s !== "unknown") throw new Error("--throttle-scenarios: configured and/or unknown");
for (const [name, n] of Object.entries({ devices: DEVICES, resyncs: RESYNCS, "throttle-seconds": THROTTLE_SECONDS })) {
  if (!Number.isInteger(n) || n < 0 || (name === "devices" && n < 1)) throw new Error(`--${name} must be a whole number${name === "devices" ? " >= 1" : " >= 0"}`);
}
// A throttled phase shorter than one budget window uses a window that long, at the same rate.
const BUDGET =
  THROTTLE_SECONDS > 0 && THROTTLE_SECONDS * 1000 < GIVEN_BUDGET.windowMs
    ? { limit: Math.max(1, Math.round((GIVEN_BUDGET.limit * THROTTLE_SECONDS * 1000) / GIVEN_BUDGET.windowMs)), windowMs: THROTTLE_SECONDS * 1000 }
    : GIVEN_BUDGET;
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const RESULTS_DIR = path.join(import.meta.dirname, "..", "bench", "results");
const ROOT = path.join(import.meta.dirname, "..");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const OFF: Budgets = { appTenantWrites: null, tenantWrites: null, appRequests: null };

// ================================================================ child: one database, the engine's process

interface KindResult {
  kind: "pglite" | "postgres";
  devices: number;
  devicesWithAzureId: number;
  seedSeconds: number;
  phaseSeconds: Record<string, number>;
  weeklyRun: Record<string, unknown> & { devicesPerSecond: number; completed: number; seconds: number };
  delivery: { ok: boolean; checks: Record<string, boolean>; emulator: { messagesAccepted: number; duplicateMessages: number; messagesRejected: number; throttled: number } };
  statements: (StatementStats & { perReport: number; dbMsPerReport: number }) | null;
  resyncLatencyMs: { count: number; p50: number; p95: number; max: number | undefined };
  memoryMiB: Record<string, number | string>;
  throttled: ThrottleResult[];
  engineSettings: Record<string, number>;
  cpuProfileSummary?: string;
  cpuProfileFile?: string;
}

interface ThrottleResult {
  scenario: string;
  budget: { appTenantWrites: { limit: number; windowMs: number }; tenantWrites: { limit: number; windowMs: number } };
  engineWritesPerSecond: number;
  windows: number;
  seconds: number;
  budgetCapacity: number;
  writesAnswered2xx: number;
  budgetUsed: number;
  answered429: number;
  /** 429s before the measured windows (the pacer learning an unknown budget). */
  answered429WarmingUp: number;
  warmUpSeconds: number;
  requests: number;
  share429OfRequests: number;
  share429OfWrites: number;
  devicesCompleted: number;
  reportsFailed: number;
  ranOutOfWork: boolean;
}

async function openFresh(kind: "pglite" | "postgres"): Promise<Database> {
  if (kind === "pglite") return openDatabase({ dataDir: null });
  const created = await createPostgresDatabase(postgresUrl!);
  const database = await openDatabase({ databaseUrl: created.url });
  return { ...database, close: async () => (await database.close(), await created.drop()) };
}

async function runKind(kind: "pglite" | "postgres"): Promise<KindResult> {
  const caPem = fs.readFileSync(args["emulator-ca-file"]!, "utf8");
  const emulator = { url: args["emulator-url"]!, caPem };
  const control = remoteEmulator(emulator.url, caPem);
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string) => {
    phases[name] = Number(((Date.now() - phaseStart) / 1000).toFixed(1));
    phaseStart = Date.now();
  };
  const database = await openFresh(kind);
  // As the product runs it (lib/startup.ts): the embedded database's periodic vacuum.
  const maintenance = startMaintenance(database, { everyMs: parseEnv(process.env).PGLITE_VACUUM_INTERVAL_MS });
  phase("open");
  const client = createIntuneClient(emulatedConnection(emulator, { connections: 32 }));
  let reporting: RunningReporting | null = null;
  try {
    await control.setBudgets(OFF);
    await control.reset();
    const prisma = database.prisma;
    const seedStart = Date.now();
    const fleet = await seedReportingFleet(prisma, DEVICES);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const { withAzureId: withId, withoutAzureId: withoutId } = fleet;

    // ---- weekly run, throttling off
    const e = parseEnv({ ...process.env, REPORTING_WRITES_PER_SECOND: "100000", REPORTING_READS_PER_SECOND: "100000", REPORTING_SCHEDULER_INTERVAL_MS: "200" });
    const options = reportingOptionsFromEnv(e);
    global.gc?.();
    const statements = kind === "postgres" ? countStatements() : null;
    const profiler = args["cpu-profile"] ? await startCpuProfile() : null;
    const memory = sampleMemory(100, args["live-heap"] ? 2000 : 0);
    const cpu = measureCpu(args["emulator-pid"] ? { emulator: Number(args["emulator-pid"]) } : {});
    const started = Date.now();
    const run = await startWeeklyRunNow(prisma);
    if (!run.started) throw new Error("a weekly run was already running");
    reporting = startReporting(prisma, client, options);
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
    const peaks = memory.stop();
    const cpuUse = cpu.stop();
    const profile = await profiler?.stop();
    const sql = statements?.snapshot();
    statements?.stop();
    const engineStats = reporting.engine.stats();
    const finished = await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
    const perSecond = finished.completed / weeklySeconds;
    console.error(`  ${kind}: weekly run of ${DEVICES} devices in ${weeklySeconds.toFixed(1)} s (${perSecond.toFixed(0)}/s)`);

    // Delivery: every device with an Azure device ID accepted once by Microsoft, completed once here.
    const emu = await control.stats();
    const [rows] = await prisma.$queryRaw<{ reports: bigint; devices: bigint; messages: bigint }[]>`
      SELECT count(*) AS reports, count(DISTINCT "deviceId") AS devices, count(DISTINCT "messageId") AS messages
      FROM "Report" WHERE "weeklyRunId" = ${run.runId}::uuid AND "state" = 'COMPLETED'`;
    const checks = {
      emulatorAcceptedEachDeviceWithAzureIdOnce: emu.messagesAccepted === withId,
      noDuplicateMessages: emu.duplicateMessages === 0,
      noRejectedMessages: emu.messagesRejected === 0,
      runCompletedEveryDeviceWithAzureId: finished.completed === withId && finished.failed === 0 && finished.skipped === withoutId,
      oneCompletedReportPerDevice: Number(rows!.reports) === withId && Number(rows!.devices) === withId && Number(rows!.messages) === withId,
    };
    const delivery = {
      ok: Object.values(checks).every(Boolean),
      checks,
      emulator: { messagesAccepted: emu.messagesAccepted, duplicateMessages: emu.duplicateMessages, messagesRejected: emu.messagesRejected, throttled: emu.throttled },
    };
    if (!delivery.ok) console.error(`  ${kind}: DELIVERY CHECK FAILED ${JSON.stringify({ checks, emulator: delivery.emulator, run: finished, completedReports: rows })}`);

    let cpuProfileFile: string | undefined;
    let cpuProfileSummary: string | undefined;
    if (profile) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      cpuProfileFile = path.join(RESULTS_DIR, `reporting-${kind}-${args.stamp ?? Date.now()}.cpuprofile`);
      fs.writeFileSync(cpuProfileFile, JSON.stringify(profile));
      cpuProfileSummary = summarizeCpuProfile(profile, { root: ROOT });
    }

    phase("weeklyRun");
    // ---- resync latency
    const devices = await prisma.device.findMany({ where: { azureDeviceId: { not: null } }, select: { id: true }, take: RESYNCS, orderBy: { id: "asc" } });
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
    reporting = null;
    latencies.sort((a, b) => a - b);

    phase("resync");
    // ---- throttled
    const throttled: ThrottleResult[] = [];
    if (THROTTLE_SECONDS > 0) {
      for (const scenario of SCENARIOS) throttled.push(await throttledPhase(prisma, client, control, scenario as "configured" | "unknown"));
      await control.setBudgets(OFF);
    }
    phase("throttled");

    return {
      kind,
      devices: DEVICES,
      devicesWithAzureId: withId,
      seedSeconds: round(seedSeconds, 1),
      phaseSeconds: phases,
      weeklyRun: {
        seconds: round(weeklySeconds, 2),
        completed: finished.completed,
        skipped: finished.skipped,
        failed: finished.failed,
        devicesPerSecond: Math.round(perSecond),
        engine: engineStats,
        cpu: cpuUse,
      },
      delivery,
      statements: sql
        ? { ...sql, byStatement: sql.byStatement.slice(0, 20), perReport: round(sql.statements / Math.max(1, finished.completed), 2), dbMsPerReport: round(sql.totalMs / Math.max(1, finished.completed), 3) }
        : null,
      resyncLatencyMs: { count: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) },
      memoryMiB: {
        ...peaks,
        holds: kind === "postgres" ? "the engine only (PostgreSQL is another process)" : "the engine and the PGlite database (WebAssembly, in the same process)",
      },
      throttled,
      engineSettings: { concurrency: options.engine.concurrency, pollMs: options.engine.pollMs, idleMs: options.engine.idleMs },
      cpuProfileFile: cpuProfileFile && path.relative(process.cwd(), cpuProfileFile),
      cpuProfileSummary,
    };
  } finally {
    await reporting?.stop();
    maintenance.stop();
    client.close();
    control.close();
    await database.close();
  }
}

/**
 * The weekly run with a Graph-like budget on, measured over whole budget windows (the emulator's
 * windows are fixed, aligned on the epoch, so the measurement starts and ends on their edges).
 */
async function throttledPhase(prisma: PrismaClient, client: ReturnType<typeof createIntuneClient>, control: ReturnType<typeof remoteEmulator>, scenario: "configured" | "unknown"): Promise<ThrottleResult> {
  const budget = { appTenantWrites: BUDGET, tenantWrites: { limit: BUDGET.limit * 2, windowMs: BUDGET.windowMs } };
  await control.setBudgets({ ...budget, appRequests: { limit: 130_000, windowMs: 10_000 } });
  const rate = (BUDGET.limit * 1000) / BUDGET.windowMs;
  const ceilings = scenario === "configured" ? { REPORTING_WRITES_PER_SECOND: String(rate) } : { REPORTING_WRITES_PER_SECOND: "100000", REPORTING_READS_PER_SECOND: "100000" };
  const options = reportingOptionsFromEnv(parseEnv({ ...process.env, ...ceilings, REPORTING_SCHEDULER_INTERVAL_MS: "200" }));
  const run = await startWeeklyRunNow(prisma); // continues the previous scenario's run if it is still going
  const atStart = await control.stats();
  const startedAt = Date.now();
  const reporting = startReporting(prisma, client, options);
  try {
    const W = BUDGET.windowMs;
    const windows = Math.max(1, Math.ceil((THROTTLE_SECONDS * 1000) / W));
    // Warm up from the engine's first PUT, then start on a window's edge: at least 1 s with the
    // ceiling at the budget's rate; with an unknown budget a whole window more (the first window,
    // begun anywhere in it, teaches the pacer a rate; the next one corrects it; counted apart).
    for (const until = Date.now() + 60_000; reporting.engine.stats().puts === 0 && Date.now() < until; ) await sleep(20);
    const from = Math.ceil((Date.now() + 1000 + (scenario === "unknown" ? W : 0)) / W) * W;
    await sleep(from - Date.now());
    const before = await control.stats();
    const runBefore = await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
    await sleep(from + windows * W - Date.now());
    const after = await control.stats();
    const runAfter = await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
    const delta = (s: string) => (after.byStatus[s] ?? 0) - (before.byStatus[s] ?? 0);
    const ok2xx = delta("204"); // DataUploadMessages PUTs accepted (GETs answer 200)
    const answered429 = after.throttled - before.throttled;
    const answered429WarmingUp = before.throttled - atStart.throttled;
    // Answers in the window, less the first stats call's own answer (counted after it).
    const requests = Object.keys(after.byStatus).reduce((n, s) => n + delta(s), 0) - 1;
    const failed = await prisma.report.count({ where: { weeklyRunId: run.runId, state: "FAILED" } });
    const result: ThrottleResult = {
      scenario,
      budget,
      engineWritesPerSecond: options.engine.writesPerSecond,
      windows,
      seconds: (windows * W) / 1000,
      budgetCapacity: windows * BUDGET.limit,
      writesAnswered2xx: ok2xx,
      budgetUsed: round(ok2xx / (windows * BUDGET.limit)),
      answered429,
      answered429WarmingUp,
      warmUpSeconds: Math.round((from - startedAt) / 1000),
      requests,
      share429OfRequests: round(answered429 / Math.max(1, requests), 4),
      share429OfWrites: round(answered429 / Math.max(1, ok2xx + answered429), 4),
      devicesCompleted: runAfter.completed - runBefore.completed,
      reportsFailed: failed,
      ranOutOfWork: runAfter.state === "COMPLETED",
    };
    console.error(`  throttled (${scenario}): ${ok2xx}/${result.budgetCapacity} of the budget used (${result.budgetUsed}), ${answered429} answered 429 of ${requests} requests`);
    return result;
  } finally {
    await reporting.stop();
  }
}

if (args.child) {
  const kind = args.child as "pglite" | "postgres";
  const result = await runKind(kind);
  fs.writeFileSync(args.out!, JSON.stringify(result));
  process.exit(0);
}

// ================================================================ parent

const which = args.db ?? (postgresUrl ? "both" : "pglite");
if (!["pglite", "postgres", "both"].includes(which)) throw new Error("--db must be pglite, postgres or both");
if (which !== "pglite" && !postgresUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where it may create and drop a database");
const kinds = which === "both" ? (["pglite", "postgres"] as const) : ([which] as ("pglite" | "postgres")[]);
const at = new Date().toISOString();
const stamp = at.replace(/[:.]/g, "-");

function runChild(kind: string, emulator: { url: string; caFile: string; pid: number }): Promise<KindResult> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-reporting-")), "result.json");
  const forwarded = ["devices", "resyncs", "throttle-seconds", "throttle-budget", "throttle-scenarios"].flatMap((k) => [`--${k}`, String(args[k as keyof typeof args])]);
  const child = spawn(
    process.execPath,
    ["--expose-gc", ...(args["engine-max-old-space"] ? [`--max-old-space-size=${Number(args["engine-max-old-space"])}`] : []), "--import", "tsx", fileURLToPath(import.meta.url), ...forwarded, ...(args["cpu-profile"] ? ["--cpu-profile"] : []), ...(args["live-heap"] ? ["--live-heap"] : []), "--child", kind, "--emulator-url", emulator.url, "--emulator-ca-file", emulator.caFile, "--emulator-pid", String(emulator.pid), "--out", out, "--stamp", stamp],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  return new Promise((resolve, reject) => {
    child.once("exit", (code, signal) => {
      process.off("exit", kill);
      try {
        if (code !== 0) throw new Error(`the ${kind} run exited with ${code ?? signal}`);
        resolve(JSON.parse(fs.readFileSync(out, "utf8")) as KindResult);
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    });
  });
}

const emulator = await startEmulatorProcess();
const results: Record<string, unknown> = {};
let raw: { perSecond: number; cpuMsPerPut?: { emulator: number; loadGenerator: number } };
try {
  const control = remoteEmulator(emulator.url, emulator.caPem);
  await control.reset();
  control.close();
  const rawCpu = measureCpu({ emulator: emulator.pid });
  raw = await rawPutCapacity(emulator, { connections: 32, seconds: Number(args.seconds) });
  const used = rawCpu.stop();
  // CPU per bare PUT (the 1 s warm-up counted at the measured rate).
  const puts = raw.perSecond * used.wallSeconds!;
  raw.cpuMsPerPut = { emulator: round(((used.emulatorCores ?? 0) * used.wallSeconds! * 1000) / puts), loadGenerator: round((used.thisProcessCores! * used.wallSeconds! * 1000) / puts) };
  results.rawCapacity = raw;
  console.error(`raw capacity: ${raw.perSecond} PUT/s`);
  for (const kind of kinds) {
    const r = await runChild(kind, emulator);
    r.weeklyRun.ratioToRawCapacity = round(r.weeklyRun.devicesPerSecond / raw.perSecond);
    results[kind] = r;
  }
} finally {
  await emulator.stop();
}

const byKind = kinds.map((k) => results[k] as KindResult);
const output = {
  benchmark: "reporting",
  at,
  ...machineInfo(),
  options: { devices: DEVICES, resyncs: RESYNCS, engineMaxOldSpaceMiB: args["engine-max-old-space"] ? Number(args["engine-max-old-space"]) : null, throttleSeconds: THROTTLE_SECONDS, throttleBudget: BUDGET, throttleScenarios: SCENARIOS },
  results: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, typeof v === "object" && v && "cpuProfileSummary" in v ? { ...v, cpuProfileSummary: undefined } : v])),
};
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const file = path.join(RESULTS_DIR, `reporting-${stamp}.json`);
fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

if (args["cpu-profile"]) {
  const text = byKind.map((r) => [
    `=== ${r.kind}: weekly run of ${r.devices} devices, ${r.weeklyRun.devicesPerSecond} devices/s (raw emulator capacity ${raw!.perSecond} PUT/s, ratio ${r.weeklyRun.ratioToRawCapacity})`,
    `engine: ${JSON.stringify(r.weeklyRun.engine)}`,
    `CPU during the weekly run (cores used on average; the machine has ${machineInfo().cpus}): ${JSON.stringify(r.weeklyRun.cpu)}`,
    cpuBudget(r),
    r.statements
      ? [
          `SQL statements during the weekly run: ${r.statements.statements} (${r.statements.perReport} per completed report), ${r.statements.totalMs.toFixed(0)} ms of client-side statement time (${r.statements.dbMsPerReport} ms per report, overlapping)`,
          "statements by total time (count, total ms, mean ms, opening text):",
          ...r.statements.byStatement.map((s) => `  ${String(s.count).padStart(7)} ${s.totalMs.toFixed(0).padStart(8)} ${s.meanMs.toFixed(2).padStart(7)}  ${s.sql}`),
        ].join("\n")
      : "(statements counted on PostgreSQL only; the engine runs the same statements on PGlite)",
    "",
    `CPU profile of the engine's process during the weekly run (${r.cpuProfileFile}):`,
    r.cpuProfileSummary ?? "",
    "",
  ].join("\n")).join("\n");
  const profileFile = path.join(RESULTS_DIR, `reporting-profile-${stamp}.txt`);
  fs.writeFileSync(profileFile, `${machineInfo().cpus} CPUs (${machineInfo().cpu}), node ${process.version}\n\n${text}`);
  console.log(`profile summary written to ${path.relative(process.cwd(), profileFile)}`);
}

/** CPU milliseconds per delivered report, by process, next to a bare PUT's: what bounds the ratio on this machine. */
function cpuBudget(r: KindResult): string {
  const c = r.weeklyRun.cpu as Record<string, number>;
  const per = (cores: number | undefined) => ((cores ?? 0) * c.wallSeconds! * 1000) / Math.max(1, r.weeklyRun.completed);
  const engine = per(c.thisProcessCores);
  const database = r.kind === "postgres" ? per(c.postgresServerCores) : 0;
  const emu = per(c.emulatorCores);
  const total = engine + database + emu;
  const rawTotal = (raw!.cpuMsPerPut?.emulator ?? 0) + (raw!.cpuMsPerPut?.loadGenerator ?? 0);
  return [
    `CPU per delivered report: engine process ${engine.toFixed(2)} ms${r.kind === "pglite" ? " (PGlite included)" : ""}, PostgreSQL ${r.kind === "postgres" ? `${database.toFixed(2)} ms` : "-"}, emulator ${emu.toFixed(2)} ms (a PUT and a status GET): ${total.toFixed(2)} ms`,
    `CPU per bare PUT of the raw-capacity yardstick: emulator ${raw!.cpuMsPerPut?.emulator} ms, load generator ${raw!.cpuMsPerPut?.loadGenerator} ms: ${rawTotal.toFixed(2)} ms`,
    `=> with every CPU of this machine (${machineInfo().cpus}) busy, at most ~${Math.round((machineInfo().cpus * 1000) / total)} reports/s vs ~${Math.round((machineInfo().cpus * 1000) / Math.max(0.001, rawTotal))} bare PUTs/s: a ratio of at most ~${(rawTotal / total).toFixed(2)} before any waiting`,
  ].join("\n");
}

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
};
console.log(`raw emulator capacity: ${raw!.perSecond} PUT/s; ${DEVICES} devices`);
table([
  ["", "weekly run devices/s", "ratio to raw", "delivered once", "SQL stmts/report", "resync p50 ms", "resync p95 ms", "peak RSS MiB (above baseline)"],
  ...byKind.map((r) => [
    r.kind,
    String(r.weeklyRun.devicesPerSecond),
    String(r.weeklyRun.ratioToRawCapacity),
    r.delivery.ok ? `yes (${r.delivery.emulator.messagesAccepted}, ${r.delivery.emulator.duplicateMessages} dup)` : "NO",
    r.statements ? String(r.statements.perReport) : "-",
    String(r.resyncLatencyMs.p50),
    String(r.resyncLatencyMs.p95),
    `${r.memoryMiB.peakRssMiB} (${r.memoryMiB.peakRssAboveBaselineMiB})`,
  ]),
]);
if (byKind.some((r) => r.throttled.length)) {
  console.log(`throttled: budget ${BUDGET.limit} writes per ${BUDGET.windowMs / 1000} s per app per tenant`);
  table([
    ["", "scenario", "engine writes/s", "windows", "budget used", "429 of requests", "429 of writes", "failed reports"],
    ...byKind.flatMap((r) => r.throttled.map((t) => [r.kind, t.scenario, String(t.engineWritesPerSecond), String(t.windows), `${t.budgetUsed} (${t.writesAnswered2xx}/${t.budgetCapacity})`, `${t.share429OfRequests} (${t.answered429}/${t.requests})`, String(t.share429OfWrites), `${t.reportsFailed}${t.ranOutOfWork ? " (ran out of work)" : ""}`])),
  ]);
}
console.log(`written to ${path.relative(process.cwd(), file)}`);
if (byKind.some((r) => !r.delivery.ok)) {
  console.error("a delivery check failed (see the JSON's delivery.checks)");
  process.exit(1);
}
