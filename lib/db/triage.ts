import { Prisma, type PrismaClient } from "@prisma/client";
import type { DayCount } from "../domain/day-series";
import { IN_FLIGHT_STATES } from "../domain/report-progress";
import { countDevices, matchingDeviceIds } from "./devices";

/** The triage page's reads: devices stuck in progress, devices whose last report failed, and the per-day series. */

export async function stuckDevices(prisma: PrismaClient, take: number, now: Date = new Date()) {
  const filter = { stuck: "1" } as const;
  // Longest waiting first: by the device's oldest report still in flight.
  const inFlight = Prisma.join(IN_FLIGHT_STATES.map((s) => Prisma.sql`${s}::"ReportState"`));
  const oldest = Prisma.sql`(SELECT min(r."queuedAt") FROM "Report" r WHERE r."deviceId" = d.id AND r.state IN (${inFlight})), d.id`;
  const [total, ids] = await Promise.all([countDevices(prisma, filter, now), matchingDeviceIds(prisma, filter, { take, orderBy: oldest, now })]);
  const rows = await prisma.device.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      name: true,
      ownerUpn: true,
      reports: { where: { state: { in: [...IN_FLIGHT_STATES] } }, orderBy: { queuedAt: "asc" }, take: 1, select: { state: true, queuedAt: true, attempts: true, errorCode: true, httpStatus: true } },
    },
  });
  const byId = new Map(rows.map((d) => [d.id, { id: d.id, name: d.name, ownerUpn: d.ownerUpn, report: d.reports[0] ?? null }]));
  return { total, items: ids.flatMap((id) => byId.get(id) ?? []) };
}

export async function failedDevices(prisma: PrismaClient, take: number, now: Date = new Date()) {
  const filter = { failed: "1" } as const;
  const [total, ids] = await Promise.all([countDevices(prisma, filter, now), matchingDeviceIds(prisma, filter, { take, orderBy: Prisma.sql`d."updatedAt" DESC, d.id`, now })]);
  const rows = await prisma.device.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, ownerUpn: true, azureLastErrorCode: true, azureLastErrorDetail: true, azureReportedAt: true },
  });
  const byId = new Map(rows.map((d) => [d.id, d]));
  return { total, items: ids.flatMap((id) => byId.get(id) ?? []) };
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
