/**
 * "Done when" (issue 4), with real worker processes (`scripts/worker.ts`) and the emulator over
 * real HTTPS:
 * - Crash: a worker killed with SIGKILL in the middle of a 5,000-device weekly run is
 *   replaced; the run finishes with every device reported; nothing is lost.
 * - Scale-out (PostgreSQL): three workers deliver 10,000 reports, one of them killed midway;
 *   no report is sent twice except those in flight at the kill, and no device ever has two
 *   reports in flight at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client";
import { createPostgresDatabase, testDatabases, type TestDatabaseFactory } from "../db/test-databases";
import type { RunningEmulator } from "../intune/emulator/server";
import { startWeeklyRunNow } from "./scheduler";
import { seedDevices, startReportingEmulator, waitFor } from "./testing";
import { requestResync } from "./triggers";

const WORKER = path.join(import.meta.dirname, "..", "..", "scripts", "worker.ts");
const WORKER_CONCURRENCY = 32;

/** Reports a killed worker held (claimed, being sent or awaiting their status): the only ones that may be sent twice. */
/** The reports a (killed) worker process still holds, and the messages among them it may have PUT. */
async function heldBy(db: Database, pid: number): Promise<{ count: number; messageIds: Set<string> }> {
  const rows = await db.prisma.report.findMany({ where: { leaseOwner: { startsWith: `engine-${pid}-` } }, select: { messageId: true } });
  return { count: rows.length, messageIds: new Set(rows.flatMap((r) => (r.messageId ? [r.messageId] : []))) };
}

/**
 * Messages PUT again that the killed worker's in-flight reports do not explain, with what their
 * report rows say (attempts, owner, last error), so a failure names the cause.
 */
async function unexplainedResends(db: Database, resent: string[], held: Set<string>): Promise<string[]> {
  const others = [...new Set(resent.filter((id) => !held.has(id)))];
  if (others.length === 0) return [];
  const rows = await db.prisma.report.findMany({
    where: { messageId: { in: others } },
    select: { messageId: true, attempts: true, leaseOwner: true, httpStatus: true, errorCode: true, errorDetail: true, sendingAt: true, acceptedAt: true, completedAt: true },
  });
  return rows.map((r) => JSON.stringify(r));
}

/** A database that worker processes open themselves: PGlite in a directory, or a fresh PostgreSQL database. */
interface WorkerDatabase {
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function workerDatabase(kind: TestDatabaseFactory["name"]): Promise<WorkerDatabase> {
  if (kind === "postgres") {
    const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!);
    return { env: { DATABASE_URL: created.url }, open: () => openDatabase({ databaseUrl: created.url }), drop: created.drop };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "worker-test-"));
  return {
    env: { DATA_DIR: dataDir },
    open: () => openDatabase({ dataDir: path.join(dataDir, "pglite") }),
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

interface Worker {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

function spawnWorker(env: Record<string, string>, args: string[] = []): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], {
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out = (out + chunk).slice(-20_000)));
  child.stderr!.on("data", (chunk: Buffer) => (out = (out + chunk).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => out };
}

function workerEnv(database: WorkerDatabase, emulator: RunningEmulator, caFile: string): Record<string, string> {
  return {
    ...database.env,
    INTUNE_EMULATOR_URL: emulator.url,
    INTUNE_EMULATOR_CA_FILE: caFile,
    LOG_LEVEL: "warn",
    DEMO_DEVICES: "0",
    REPORTING_CONCURRENCY: String(WORKER_CONCURRENCY),
    REPORTING_WRITES_PER_SECOND: "100000",
    REPORTING_READS_PER_SECOND: "100000",
    REPORTING_LEASE_MS: "10000", // short enough for a quick takeover, long enough for a loaded machine's lease renewals
    REPORTING_IDLE_MS: "20",
    REPORTING_POLL_MS: "20",
    REPORTING_POLL_MAX_MS: "200",
    REPORTING_BACKOFF_BASE_MS: "50",
    REPORTING_BACKOFF_MAX_MS: "1000",
    REPORTING_SCHEDULER_INTERVAL_MS: "100",
  };
}

const outputs = (workers: Worker[]) => workers.map((w, i) => `--- worker ${i + 1} (exit ${w.child.exitCode ?? w.child.signalCode}) ---\n${w.output()}`).join("\n");

describe.each(testDatabases())("worker processes on $name", (factory) => {
  let emulator: RunningEmulator;
  let caFile: string;
  let database: WorkerDatabase;
  const workers: Worker[] = [];

  beforeAll(async () => {
    emulator = await startReportingEmulator();
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "worker-ca-")), "ca.pem");
    fs.writeFileSync(caFile, emulator.caPem);
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) {
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
      await w.exited;
    }
    await database?.drop();
  });
  afterAll(async () => {
    await emulator?.close();
    fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
  });

  it("a worker killed with SIGKILL mid-way through a 5,000-device weekly run: its successor finishes the run, every device reported", { timeout: 600_000 }, async () => {
    await emulator.reset();
    database = await workerDatabase(factory.name);
    const DEVICES = 5000;
    const WITHOUT_ID = 40;
    let db = await database.open();
    await seedDevices(db.prisma, DEVICES, { prefix: "crash", withoutAzureId: WITHOUT_ID });
    const run = await startWeeklyRunNow(db.prisma);
    expect(run.started).toBe(true);
    await db.close(); // the embedded database is one process's: the workers open it themselves

    const env = workerEnv(database, emulator, caFile);
    const first = spawnWorker(env);
    workers.push(first);
    try {
      await waitFor("the first worker to be a third of the way", async () => (await emulator.inspect.stats()).messagesAccepted >= 1500, 300_000, 20);
    } catch (error) {
      throw new Error(`${String(error)}\n${outputs(workers)}`);
    }
    first.child.kill("SIGKILL");
    await first.exited;
    const acceptedAtKill = (await emulator.inspect.stats()).messagesAccepted;
    expect(acceptedAtKill).toBeLessThan(DEVICES - WITHOUT_ID); // killed mid-run, not after it
    db = await database.open();
    const atKill = await heldBy(db, first.child.pid!);
    await db.close();

    const second = spawnWorker(env, ["--exit-when-idle"]);
    workers.push(second);
    const code = await Promise.race([second.exited, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 400_000))]);
    expect(code, outputs(workers)).toBe(0);

    db = await database.open();
    try {
      const finished = await db.prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.runId } });
      expect(finished).toMatchObject({ state: "COMPLETED", total: DEVICES, queued: DEVICES - WITHOUT_ID, skipped: WITHOUT_ID, completed: DEVICES - WITHOUT_ID, failed: 0 });
      const reports = await db.prisma.report.findMany({ where: { weeklyRunId: run.runId }, select: { deviceId: true, state: true, lastUpdateTime: true, device: { select: { azureDeviceId: true } } } });
      expect(reports).toHaveLength(DEVICES); // one per device: none lost, none queued twice
      expect(new Set(reports.map((r) => r.deviceId)).size).toBe(DEVICES);
      expect(reports.filter((r) => r.state === "COMPLETED")).toHaveLength(DEVICES - WITHOUT_ID);
      expect(reports.filter((r) => r.state === "SKIPPED")).toHaveLength(WITHOUT_ID);
      const wrong: string[] = [];
      for (const r of reports.filter((x) => x.state === "COMPLETED")) {
        const entra = await emulator.inspect.device(r.device.azureDeviceId!);
        if (entra?.lastUpdateTime !== r.lastUpdateTime.toISOString()) wrong.push(`${r.deviceId}: ${entra?.lastUpdateTime} != ${r.lastUpdateTime.toISOString()}`);
      }
      expect(wrong).toEqual([]);
      // Sent twice: only what the killed worker had in flight (a re-PUT with the same message id).
      const stats = await emulator.inspect.stats();
      expect(stats.messagesAccepted).toBe(DEVICES - WITHOUT_ID);
      expect(await unexplainedResends(db, stats.duplicateMessageIds, atKill.messageIds)).toEqual([]);
      expect(stats.duplicateMessages).toBeLessThanOrEqual(atKill.messageIds.size);
      console.log(`crash test on ${factory.name}: killed after ${acceptedAtKill} accepted, holding ${atKill.count}; re-sent after the kill: ${stats.duplicateMessages}`);
    } finally {
      await db.close();
    }
  });
});

describe.each(testDatabases().filter((f) => f.name === "postgres"))("scale-out on $name", (factory) => {
  let emulator: RunningEmulator;
  let caFile: string;
  let database: WorkerDatabase;
  let db: Database;
  const workers: Worker[] = [];

  beforeAll(async () => {
    emulator = await startReportingEmulator();
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "worker-ca-")), "ca.pem");
    fs.writeFileSync(caFile, emulator.caPem);
    database = await workerDatabase(factory.name);
    db = await database.open();
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await db?.close();
    await database?.drop();
    await emulator?.close();
    fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
  });

  it("three workers deliver 10,000 reports, one killed midway: none sent twice but those in flight at the kill, never two of a device in flight", { timeout: 600_000 }, async () => {
    const prisma = db.prisma;
    const DEVICES = 2000;
    const TARGET = 10_000;
    const ids = await seedDevices(prisma, DEVICES, { prefix: "scale" });
    const env = workerEnv(database, emulator, caFile);
    for (let i = 0; i < 3; i++) workers.push(spawnWorker(env));

    // Keep every device busy: a resync queues behind the report in flight (never beside it),
    // and skips a device whose queued report has not been sent yet.
    let created = 0;
    let killed = false;
    let atKill = { count: 0, messageIds: new Set<string>() };
    let killedAt = new Date(0);
    while (created < TARGET) {
      const result = await requestResync(prisma, { deviceIds: ids.slice(0, Math.min(DEVICES, TARGET - created)) }, { requestedBy: "scale-out test" });
      created += result.queued;
      if (!killed && created >= TARGET * 0.4) {
        killed = true;
        killedAt = new Date();
        workers[0]!.child.kill("SIGKILL");
        await workers[0]!.exited;
        atKill = await heldBy(db, workers[0]!.child.pid!); // its leases have not expired yet
        workers.push(spawnWorker(env)); // the replacement: three alive again
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      await waitFor("10,000 reports completed", async () => (await prisma.report.count({ where: { state: "COMPLETED" } })) >= TARGET, 400_000, 200);
    } catch (error) {
      const states = await prisma.report.groupBy({ by: ["state"], _count: { _all: true } });
      throw new Error(`${String(error)}; states ${JSON.stringify(states)}\n${outputs(workers)}`);
    }

    expect(await prisma.report.groupBy({ by: ["state"], _count: { _all: true } })).toEqual([{ state: "COMPLETED", _count: { _all: TARGET } }]);
    const stats = await emulator.inspect.stats();
    expect(stats.messagesAccepted).toBe(TARGET); // every report's message accepted once
    // Re-PUTs (same id and body): only of the messages the killed worker had in flight.
    const unexplained = await unexplainedResends(db, stats.duplicateMessageIds, atKill.messageIds);
    expect(unexplained, `worker 1 (pid ${workers[0]!.child.pid}) killed at ${killedAt.toISOString()}\n${outputs(workers)}`).toEqual([]);
    expect(stats.duplicateMessages).toBeLessThanOrEqual(atKill.messageIds.size);
    // A device's reports, in the order they were claimed, each completed before the next was claimed.
    const overlaps = await prisma.$queryRaw<{ deviceId: string }[]>`
      SELECT "deviceId"::text FROM (
        SELECT "deviceId", "sendingAt", LAG("completedAt") OVER (PARTITION BY "deviceId" ORDER BY "sendingAt") AS "previousCompletedAt"
        FROM "Report"
      ) s WHERE "previousCompletedAt" > "sendingAt"`;
    expect(overlaps).toEqual([]);
    // Each worker did part of the work, and Entra ends with every device's newest state.
    const newest = await prisma.report.findMany({ distinct: ["deviceId"], orderBy: [{ deviceId: "asc" }, { lastUpdateTime: "desc" }], select: { lastUpdateTime: true, device: { select: { azureDeviceId: true } } } });
    expect(newest).toHaveLength(DEVICES);
    const wrong: string[] = [];
    for (const r of newest) {
      const entra = await emulator.inspect.device(r.device.azureDeviceId!);
      if (entra?.lastUpdateTime !== r.lastUpdateTime.toISOString()) wrong.push(`${r.device.azureDeviceId}: ${entra?.lastUpdateTime} != ${r.lastUpdateTime.toISOString()}`);
    }
    expect(wrong).toEqual([]);
    console.log(`scale-out: ${TARGET} reports by ${workers.length} worker processes (one killed, holding ${atKill.count}); re-sent after the kill: ${stats.duplicateMessages}`);
  });
});
