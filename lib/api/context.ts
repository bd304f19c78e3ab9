import type { PrismaClient } from "@prisma/client";
import { createCheckInQueue, type CheckInQueue } from "./check-in-queue";
import { CheckInRateLimiter } from "./rate-limit";

/**
 * What the device API's handlers need: the database, the per-device check-in limiter, the
 * check-in queue (check-ins arriving together are applied together) and the clock. The web server builds one from the environment (server-context.ts); tests and the
 * benchmark build their own, against their own database.
 */
export interface ApiContext {
  prisma: PrismaClient;
  checkInLimiter: CheckInRateLimiter;
  applyCheckIn: CheckInQueue;
  /** Days check-in records are kept (a retried checkInId is recognised that long). */
  checkInHistoryDays: number;
  now(): Date;
}

export function createApiContext(
  prisma: PrismaClient,
  options: { checkInsPerMinute: number; checkInHistoryDays: number; now?: () => Date; checkInRound?: { maxBatch?: number; maxWaitMs?: number } },
): ApiContext {
  return {
    prisma,
    checkInLimiter: new CheckInRateLimiter(options.checkInsPerMinute),
    applyCheckIn: createCheckInQueue(prisma, { historyDays: options.checkInHistoryDays, ...options.checkInRound }),
    checkInHistoryDays: options.checkInHistoryDays,
    now: options.now ?? (() => new Date()),
  };
}
