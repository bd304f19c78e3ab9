/**
 * The weekly run: at the configured day, time and time zone every active device is reported
 * again. One process at a time schedules (a transaction-scoped PostgreSQL advisory lock taken
 * at every step, so a crashed scheduler is replaced at the next tick). The run queues devices
 * in id order, a chunk at a time, only while few of its reports are outstanding: the engine's
 * pacing sets the speed, the queue stays short (a person's resync is not stuck behind 100,000
 * weekly reports), and a crash loses nothing: the next step continues after the cursor.
 */
import type { PrismaClient } from "@prisma/client";
import {
  CURSOR_DONE,
  finishWeeklyRun,
  latestWeeklyRun,
  lockScheduler,
  outstandingOfRun,
  queueWeeklyChunk,
  readWeeklySettings,
  runningWeeklyRun,
  startWeeklyRun,
  tryLockScheduler,
} from "../db/weekly-runs";
import { previousWeeklyRun } from "../domain/weekly-schedule";
import { log as rootLog } from "../log";
import { createStepLoop, type StepLoop } from "./step-loop";

export interface SchedulerOptions {
  /** Between looks at the clock while no run is going. */
  intervalMs: number;
  /** Between steps while a run is going (queuing the next chunk as soon as the window allows). */
  runIntervalMs?: number;
  /** Called after a chunk was queued (the in-process engine is nudged to take it at once). */
  onQueued?: () => void;
  /** Devices queued per step. */
  chunk: number;
  /** Most of the run's reports outstanding before the next chunk is queued. */
  window: number;
  /** A first run (no run in the database yet) starts only this soon after its scheduled time. */
  firstRunGraceMs?: number;
}

export type StepResult = "locked-elsewhere" | "disabled" | "idle" | "queued" | "waiting" | "finished";

const DAY_MS = 24 * 60 * 60 * 1000;
const log = rootLog.child({ component: "weekly-run" });

/** One scheduling step; returns what it did. */
export async function schedulerStep(prisma: PrismaClient, options: SchedulerOptions, now: Date = new Date()): Promise<StepResult> {
  return prisma.$transaction(
    async (tx) => {
      if (!(await tryLockScheduler(tx))) return "locked-elsewhere";
      const settings = await readWeeklySettings(tx);
      if (settings && !settings.enabled) return "disabled";
      let run = await runningWeeklyRun(tx);
      if (!run) {
        const schedule = { day: settings?.weeklyDay ?? 0, time: settings?.weeklyTime ?? "02:00", timeZone: settings?.weeklyTimeZone ?? "UTC" };
        const due = previousWeeklyRun(now, schedule);
        const latest = await latestWeeklyRun(tx);
        const start = latest ? latest.scheduledFor < due : now.getTime() - due.getTime() <= (options.firstRunGraceMs ?? DAY_MS);
        if (!start) return "idle";
        run = await startWeeklyRun(tx, due, now);
        log.info({ runId: run.id, scheduledFor: due, devices: run.total }, "weekly run started");
      }
      if (run.cursor !== CURSOR_DONE) {
        if ((await outstandingOfRun(tx, run.id)) >= options.window) return "waiting";
        await queueWeeklyChunk(tx, run.id, run.cursor, options.chunk, now);
        return "queued";
      }
      if ((await outstandingOfRun(tx, run.id)) > 0) return "waiting";
      await finishWeeklyRun(tx, run.id, now);
      log.info({ runId: run.id }, "weekly run finished");
      return "finished";
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

export type RunNowResult = { started: true; runId: string; devices: number } | { started: false; runId: string; startedAt: Date };

/**
 * A person's "Run now": starts a weekly run at once unless one is running (then says which).
 * The scheduler continues it like any other run: paced, resumable, counted. The next
 * scheduled run still happens at its time.
 */
export async function startWeeklyRunNow(prisma: PrismaClient, now: Date = new Date()): Promise<RunNowResult> {
  return prisma.$transaction(
    async (tx) => {
      await lockScheduler(tx);
      const running = await runningWeeklyRun(tx);
      if (running) return { started: false as const, runId: running.id, startedAt: running.startedAt };
      const run = await startWeeklyRun(tx, now, now);
      log.info({ runId: run.id, devices: run.total }, "weekly run started by a person");
      return { started: true as const, runId: run.id, devices: run.total };
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
}

export type Scheduler = StepLoop;

export function createScheduler(prisma: PrismaClient, options: SchedulerOptions): Scheduler {
  return createStepLoop(
    "weekly run",
    async () => {
      const result = await schedulerStep(prisma, options);
      // Keep queuing while there is room; otherwise wait for the next tick.
      if (result === "queued") options.onQueued?.();
      return result === "queued" || result === "finished" ? "again" : result === "waiting" ? "waiting" : "idle";
    },
    options,
    log,
  );
}
