import type { Prisma, PrismaClient } from "@prisma/client";
import { countOutstanding, queueReportsForDevices } from "./reports";

/**
 * The weekly run's queries. A run is one WeeklyRun row per scheduled time (unique), which
 * makes starting it idempotent across processes; its cursor (the last device id queued)
 * makes it resumable: a crashed scheduler's successor continues after the cursor.
 */

type Tx = Prisma.TransactionClient;

/** Cursor value once every device has been queued (greater than any uuid). */
export const CURSOR_DONE = "ffffffff-ffff-ffff-ffff-ffffffffffff";

/** Only one process schedules at a time: a transaction-scoped advisory lock, released on commit or crash. */
const SCHEDULER_LOCK_KEY = 7_274_100_233; // lib/db/migrate.ts uses ...231, lib/demo/seed.ts ...232

export async function tryLockScheduler(tx: Tx): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${SCHEDULER_LOCK_KEY}) AS locked`);
  return rows[0]?.locked === true;
}

/** Waits for the scheduler lock (a person's "Run now" queues behind a scheduling step). */
export async function lockScheduler(tx: Tx): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${SCHEDULER_LOCK_KEY})::text AS locked`);
}

export async function runningWeeklyRun(tx: Tx) {
  return tx.weeklyRun.findFirst({ where: { state: "RUNNING" }, orderBy: { scheduledFor: "asc" } });
}

export async function latestWeeklyRun(tx: Tx) {
  return tx.weeklyRun.findFirst({ orderBy: { scheduledFor: "desc" } });
}

export async function startWeeklyRun(tx: Tx, scheduledFor: Date, now: Date) {
  const total = await tx.device.count({ where: { lifecycle: "ACTIVE" } });
  return tx.weeklyRun.upsert({ where: { scheduledFor }, create: { scheduledFor, startedAt: now, total }, update: {} });
}

/**
 * Queues the run's next `size` active devices (id order, after the cursor) and moves the
 * cursor, in the caller's transaction. Returns how many devices were taken.
 */
export async function queueWeeklyChunk(tx: Tx, runId: string, cursor: string | null, size: number, now: Date): Promise<number> {
  const devices = await tx.device.findMany({
    where: { lifecycle: "ACTIVE", ...(cursor ? { id: { gt: cursor } } : {}) },
    orderBy: { id: "asc" },
    take: size,
    select: { id: true },
  });
  const ids = devices.map((d) => d.id);
  const result = await queueReportsForDevices(tx, ids, "WEEKLY", { weeklyRunId: runId, now });
  await tx.weeklyRun.update({
    where: { id: runId },
    data: {
      cursor: ids.length < size ? CURSOR_DONE : ids[ids.length - 1]!,
      queued: { increment: result.queued.length },
      skipped: { increment: result.skipped.length },
    },
  });
  return ids.length;
}

export async function outstandingOfRun(tx: Tx | PrismaClient, runId: string): Promise<number> {
  return countOutstanding(tx, { weeklyRunId: runId });
}

export async function finishWeeklyRun(tx: Tx, runId: string, now: Date) {
  await tx.weeklyRun.update({ where: { id: runId }, data: { state: "COMPLETED", finishedAt: now } });
}

export async function readWeeklySettings(tx: Tx) {
  return tx.azureSettings.findUnique({ where: { id: 1 }, select: { enabled: true, weeklyDay: true, weeklyTime: true, weeklyTimeZone: true } });
}

/** True while a report is outstanding or a weekly run is running. */
export async function hasOutstandingWork(db: PrismaClient): Promise<boolean> {
  const [reports, runs] = await Promise.all([countOutstanding(db), db.weeklyRun.count({ where: { state: "RUNNING" } })]);
  return reports + runs > 0;
}
