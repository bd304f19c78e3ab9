import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { CURSOR_DONE } from "../db/weekly-runs";
import { testDatabases } from "../db/test-databases";
import type { IntuneClient } from "../intune";
import type { RunningEmulator } from "../intune/emulator/server";
import { createEngine, type ReportingEngine } from "./engine";
import { schedulerStep, startWeeklyRunNow, type SchedulerOptions } from "./scheduler";
import { clientFor, FAST_ENGINE, seedDevices, startReportingEmulator, waitFor } from "./testing";

// Sunday 2026-11-22 02:00 UTC is a scheduled time of the default schedule (Sunday 02:00, UTC).
const SCHEDULED = new Date("2026-11-22T02:00:00.000Z");
const AFTER = new Date(SCHEDULED.getTime() + 60_000);
const OPTIONS: SchedulerOptions = { intervalMs: 50, chunk: 3, window: 100 };

describe.each(testDatabases())("weekly-run scheduler on $name", (factory) => {
  let database: Database;
  let emulator: RunningEmulator;
  let client: IntuneClient;
  let engine: ReportingEngine | null = null;
  const prisma = () => database.prisma;

  beforeAll(async () => {
    database = await factory.open();
    emulator = await startReportingEmulator();
    client = clientFor(emulator);
  });
  afterAll(async () => {
    await engine?.stop();
    client?.close();
    await emulator?.close();
    await database?.close();
  });
  beforeEach(async () => {
    await engine?.stop();
    engine = null;
    await prisma().report.deleteMany();
    await prisma().weeklyRun.deleteMany();
    await prisma().device.deleteMany();
    await prisma().azureSettings.deleteMany();
    // 8 devices, the first 2 without an Azure device ID.
    await seedDevices(prisma(), 8, { prefix: `w${Date.now()}`, withoutAzureId: 2 });
  });

  it("does nothing before the first scheduled time, starts once it has passed, and queues a chunk per step", async () => {
    expect(await schedulerStep(prisma(), OPTIONS, new Date(SCHEDULED.getTime() - 60_000))).toBe("idle");
    expect(await prisma().weeklyRun.count()).toBe(0);

    expect(await schedulerStep(prisma(), OPTIONS, AFTER)).toBe("queued");
    const run = await prisma().weeklyRun.findFirstOrThrow();
    expect(run).toMatchObject({ scheduledFor: SCHEDULED, state: "RUNNING", total: 8 });
    expect(await prisma().report.count({ where: { weeklyRunId: run.id } })).toBe(3);
  });

  it("resumes after its cursor (a crash between steps queues no device twice), and finishes with its counts", async () => {
    // Each step is its own transaction: stopping after any of them and calling again is a restart.
    for (let i = 0; i < 3; i++) expect(await schedulerStep(prisma(), OPTIONS, AFTER)).toBe("queued");
    const run = await prisma().weeklyRun.findFirstOrThrow();
    expect(run.cursor).toBe(CURSOR_DONE);
    const perDevice = await prisma().report.groupBy({ by: ["deviceId"], where: { weeklyRunId: run.id }, _count: { _all: true } });
    expect(perDevice).toHaveLength(8);
    expect(perDevice.every((d) => d._count._all === 1)).toBe(true);
    expect(run).toMatchObject({ queued: 6, skipped: 2 });

    expect(await schedulerStep(prisma(), OPTIONS, AFTER)).toBe("waiting"); // reports still outstanding
    engine = createEngine(prisma(), client, FAST_ENGINE);
    engine.start();
    await waitFor("the run's reports", async () => (await prisma().report.count({ where: { weeklyRunId: run.id, state: "COMPLETED" } })) === 6);
    expect(await schedulerStep(prisma(), OPTIONS, AFTER)).toBe("finished");
    expect(await prisma().weeklyRun.findFirstOrThrow()).toMatchObject({ state: "COMPLETED", total: 8, queued: 6, skipped: 2, completed: 6, failed: 0 });
    // The same scheduled time is not run twice.
    expect(await schedulerStep(prisma(), OPTIONS, AFTER)).toBe("idle");
  });

  it("waits while the run has a window's worth of reports outstanding", async () => {
    // A chunk of 3 holds at least 1 device with an Azure device ID (only 2 lack one): 1 outstanding.
    const narrow = { ...OPTIONS, window: 1 };
    expect(await schedulerStep(prisma(), narrow, AFTER)).toBe("queued");
    expect(await schedulerStep(prisma(), narrow, AFTER)).toBe("waiting");
  });

  it("sends nothing new while the integration is disabled", async () => {
    await prisma().azureSettings.update({ where: { id: 1 }, data: { enabled: false } });
    expect(await schedulerStep(prisma(), OPTIONS, AFTER)).toBe("disabled");
    expect(await prisma().weeklyRun.count()).toBe(0);
  });

  it("Run now starts a run at once, once: a second press names the run in progress", async () => {
    const now = new Date();
    const first = await startWeeklyRunNow(prisma(), now);
    expect(first).toMatchObject({ started: true, devices: 8 });
    const second = await startWeeklyRunNow(prisma(), new Date(now.getTime() + 1000));
    expect(second).toEqual({ started: false, runId: first.runId, startedAt: now });
    expect(await schedulerStep(prisma(), OPTIONS, new Date(now.getTime() + 2000))).toBe("queued");
    expect(await prisma().report.count({ where: { weeklyRunId: first.runId } })).toBe(3);
  });
});
