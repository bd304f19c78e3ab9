import type { PrismaClient } from "@prisma/client";

/**
 * The reporting engine's health, read straight from the Report and WeeklyRun tables (the
 * engine itself lives in lib/reporting): queue depth, oldest pending report, the last 24 h.
 */
const PENDING = ["QUEUED", "SENDING", "ACCEPTED"] as const;
const DAY_MS = 24 * 3600_000;

export interface ReportingHealth {
  queueDepth: number;
  oldestPendingAt: Date | null;
  completed24h: number;
  failed24h: number;
  throttled24h: number;
  lastSuccessAt: Date | null;
}

export async function reportingHealth(prisma: PrismaClient, now = new Date()): Promise<ReportingHealth> {
  const since = new Date(now.getTime() - DAY_MS);
  const [queueDepth, oldest, completed24h, failed24h, throttled24h, lastSuccess] = await Promise.all([
    prisma.report.count({ where: { state: { in: [...PENDING] } } }),
    prisma.report.findFirst({ where: { state: { in: [...PENDING] } }, orderBy: { queuedAt: "asc" }, select: { queuedAt: true } }),
    prisma.report.count({ where: { state: "COMPLETED", completedAt: { gte: since } } }),
    prisma.report.count({ where: { state: "FAILED", failedAt: { gte: since } } }),
    // Reports whose latest answer was a 429 in the last day (httpStatus keeps the last answer).
    prisma.report.count({ where: { httpStatus: 429, queuedAt: { gte: since } } }),
    prisma.report.findFirst({ where: { state: "COMPLETED" }, orderBy: { completedAt: "desc" }, select: { completedAt: true } }),
  ]);
  return { queueDepth, oldestPendingAt: oldest?.queuedAt ?? null, completed24h, failed24h, throttled24h, lastSuccessAt: lastSuccess?.completedAt ?? null };
}
