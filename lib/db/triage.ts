import type { PrismaClient } from "@prisma/client";
import type { DayCount } from "../domain/day-series";
import { parseDeviceListParams } from "../domain/device-list-params";
import { IN_FLIGHT_STATES } from "../domain/report-progress";
import { deviceWhere } from "./devices";

/** The triage page's reads: devices stuck in progress, devices whose last report failed, and the per-day series. */

export async function stuckDevices(prisma: PrismaClient, take: number, now: Date = new Date()) {
  const where = deviceWhere(parseDeviceListParams({ stuck: "1" }), now);
  const [total, rows] = await Promise.all([
    prisma.device.count({ where }),
    prisma.device.findMany({
      where,
      take,
      select: {
        id: true,
        name: true,
        ownerUpn: true,
        reports: { where: { state: { in: [...IN_FLIGHT_STATES] } }, orderBy: { queuedAt: "asc" }, take: 1, select: { state: true, queuedAt: true, attempts: true, errorCode: true, httpStatus: true } },
      },
    }),
  ]);
  // Longest waiting first.
  const items = rows
    .map((d) => ({ id: d.id, name: d.name, ownerUpn: d.ownerUpn, report: d.reports[0] ?? null }))
    .sort((a, b) => (a.report?.queuedAt.getTime() ?? 0) - (b.report?.queuedAt.getTime() ?? 0));
  return { total, items };
}

export async function failedDevices(prisma: PrismaClient, take: number, now: Date = new Date()) {
  const where = deviceWhere(parseDeviceListParams({ failed: "1" }), now);
  const [total, items] = await Promise.all([
    prisma.device.count({ where }),
    prisma.device.findMany({
      where,
      take,
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      select: { id: true, name: true, ownerUpn: true, azureLastErrorCode: true, azureLastErrorDetail: true, azureReportedAt: true },
    }),
  ]);
  return { total, items };
}

/** Reports queued per day (UTC) since `since`, by their state now; superseded ones left out. */
export async function reportStatesPerDay(prisma: PrismaClient, since: Date): Promise<DayCount[]> {
  const rows = await prisma.$queryRaw<{ day: string; key: string; count: number }[]>`
    SELECT to_char(("queuedAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, "state"::text AS key, count(*)::int AS count
    FROM "Report"
    WHERE "queuedAt" >= ${since} AND "state" <> 'SUPERSEDED'
    GROUP BY 1, 2`;
  return rows.map((r) => ({ day: r.day, key: r.key, count: Number(r.count) }));
}

/**
 * Devices whose report could not be sent (no Azure device ID) per day (UTC) since `since`, by
 * the client status code they had then (kept on the skipped report; "none": no status yet).
 */
export async function skippedCodesPerDay(prisma: PrismaClient, since: Date): Promise<DayCount[]> {
  const rows = await prisma.$queryRaw<{ day: string; key: string; count: number }[]>`
    SELECT to_char(("queuedAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, COALESCE("errorCode", 'none') AS key, count(DISTINCT "deviceId")::int AS count
    FROM "Report"
    WHERE "state" = 'SKIPPED' AND "queuedAt" >= ${since}
    GROUP BY 1, 2`;
  return rows.map((r) => ({ day: r.day, key: r.key, count: Number(r.count) }));
}
