import type { Prisma } from "@prisma/client";
import { IN_FLIGHT_STATES } from "../domain/report-progress";
import { escapeLike } from "./sql";
import { STALE_REPORT_DAYS, STUCK_MINUTES, type DeviceListParams, type DeviceSort } from "../domain/device-list-params";

/**
 * The device list's filter and order as Prisma where / orderBy: a second, independent writing of
 * lib/db/devices.ts's SQL (deviceWhereSql, deviceOrderBySql), kept only to check it. The product
 * never uses it; devices.test.ts compares the two on every filter value and bench:list on its
 * list states at 100,000 devices.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function deviceWhere(p: DeviceListParams, now: Date = new Date()): Prisma.DeviceWhereInput {
  const and: Prisma.DeviceWhereInput[] = [];
  if (p.platform) and.push({ platform: p.platform });
  if (p.clientStatus) and.push({ clientStatusCode: p.clientStatus === "none" ? null : p.clientStatus });
  if (p.azureState) and.push({ azureState: p.azureState === "none" ? null : p.azureState });
  if (p.verdict) and.push({ verdict: p.verdict });
  if (p.lifecycle) and.push({ lifecycle: p.lifecycle });
  if (p.noAzureId) and.push({ azureDeviceId: null });
  if (p.stale) {
    const before = new Date(now.getTime() - STALE_REPORT_DAYS * 24 * 3600_000);
    and.push({ OR: [{ azureReportedAt: { lt: before } }, { azureReportedAt: null, enrolledAt: { lt: before } }] });
  }
  if (p.stuck) {
    const before = new Date(now.getTime() - STUCK_MINUTES * 60_000);
    and.push({ azureState: "IN_PROGRESS", reports: { some: { state: { in: [...IN_FLIGHT_STATES] }, queuedAt: { lt: before } } } });
  }
  if (p.failed) and.push({ azureState: "ERROR", azureDeviceId: { not: null } });
  if (p.q) {
    // Prisma's contains does not escape LIKE's wildcards: the pattern is escaped here.
    const text = { contains: escapeLike(p.q), mode: "insensitive" as const };
    const or: Prisma.DeviceWhereInput[] = [{ name: text }, { ownerUpn: text }, { serialNumber: text }];
    if (GUID.test(p.q)) or.push({ azureDeviceId: p.q.toLowerCase() });
    and.push({ OR: or });
  }
  return and.length ? { AND: and } : {};
}

const SORT_FIELDS: Record<DeviceSort, keyof Prisma.DeviceOrderByWithRelationInput> = {
  name: "name",
  owner: "ownerUpn",
  platform: "platform",
  os: "osVersion",
  clientStatus: "clientStatusCode",
  azureState: "azureState",
  reportTime: "azureReportedAt",
  lastCheckIn: "lastCheckInAt",
};

const NULLABLE = new Set<DeviceSort>(["clientStatus", "azureState", "reportTime"]);

export function deviceOrderBy(p: DeviceListParams): Prisma.DeviceOrderByWithRelationInput[] {
  const field = SORT_FIELDS[p.sort];
  // Blank values sort last either way; id breaks ties so pages never overlap.
  const order = NULLABLE.has(p.sort) ? { sort: p.dir, nulls: "last" as const } : p.dir;
  return [{ [field]: order }, { id: p.dir }];
}

