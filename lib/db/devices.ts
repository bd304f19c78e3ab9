import type { Prisma, PrismaClient } from "@prisma/client";
import { facetCounts, type FacetCounts } from "../domain/device-facets";
import { IN_FLIGHT_STATES } from "../domain/report-progress";
import { STALE_REPORT_DAYS, STUCK_MINUTES, type DeviceListParams, type DeviceSort } from "../domain/device-list-params";

/** Device queries. Only lib/db talks to Prisma. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `now` anchors the time-based filters (stale, stuck), so one request's queries agree. */
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
    const text = { contains: p.q, mode: "insensitive" as const };
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

export const deviceListSelect = {
  id: true,
  name: true,
  platform: true,
  model: true,
  osVersion: true,
  ownerUpn: true,
  azureDeviceId: true,
  clientStatusCode: true,
  azureState: true,
  azureReportedAt: true,
  azureLastErrorCode: true,
  azureLastErrorDetail: true,
  lastCheckInAt: true,
  verdict: true,
  lifecycle: true,
} satisfies Prisma.DeviceSelect;

export type DeviceListRow = Prisma.DeviceGetPayload<{ select: typeof deviceListSelect }>;

/** One page of the list, in the list's order. */
export function devicePage(prisma: PrismaClient, p: DeviceListParams, now: Date = new Date()): Promise<DeviceListRow[]> {
  return prisma.device.findMany({
    where: deviceWhere(p, now),
    orderBy: deviceOrderBy(p),
    skip: (p.page - 1) * p.size,
    take: p.size,
    select: deviceListSelect,
  });
}

export async function listDevices(prisma: PrismaClient, p: DeviceListParams): Promise<{ rows: DeviceListRow[]; total: number }> {
  const now = new Date();
  const [rows, total] = await Promise.all([devicePage(prisma, p, now), prisma.device.count({ where: deviceWhere(p, now) })]);
  return { rows, total };
}

export const TOGGLES = ["noAzureId", "stale", "stuck", "failed"] as const;
export type Toggle = (typeof TOGGLES)[number];

export interface DeviceListCounts extends FacetCounts {
  /** Devices the current filter would match with each checkbox ticked. */
  toggles: Record<Toggle, number>;
}

/**
 * The count of the current filter and of each filter option next to it: one grouped count of
 * the select facets (under the text search and checkboxes), and one count per unticked checkbox.
 */
export async function deviceListCounts(prisma: PrismaClient, p: DeviceListParams, now: Date = new Date()): Promise<DeviceListCounts> {
  const { platform, clientStatus, azureState, verdict, lifecycle, ...rest } = p;
  const groups = await prisma.device.groupBy({
    by: ["platform", "clientStatusCode", "azureState", "verdict", "lifecycle"],
    where: deviceWhere(rest, now),
    _count: { _all: true },
  });
  const facets = facetCounts(
    groups.map((g) => ({ ...g, count: g._count._all })),
    { platform, clientStatus, azureState, verdict, lifecycle },
  );
  const toggles = {} as Record<Toggle, number>;
  await Promise.all(
    TOGGLES.map(async (toggle) => {
      toggles[toggle] = p[toggle] ? facets.total : await prisma.device.count({ where: deviceWhere({ ...p, [toggle]: "1" }, now) });
    }),
  );
  return { ...facets, toggles };
}

/** Every device the filter matches, in id order, a page at a time (the CSV export): memory stays flat at any fleet size. */
export async function* devicePagesById(prisma: PrismaClient, p: DeviceListParams, pageSize = 1000, now: Date = new Date()) {
  const where = deviceWhere(p, now);
  let cursor: string | null = null;
  for (;;) {
    const page: DeviceExportRow[] = await prisma.device.findMany({
      where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
      orderBy: { id: "asc" },
      take: pageSize,
      select: deviceExportSelect,
    });
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]!.id;
  }
}

export const deviceExportSelect = {
  ...deviceListSelect,
  manufacturer: true,
  serialNumber: true,
  enrolledAt: true,
  clientStatusReportedAt: true,
  winningAction: true,
  retiredAt: true,
} satisfies Prisma.DeviceSelect;

export type DeviceExportRow = Prisma.DeviceGetPayload<{ select: typeof deviceExportSelect }>;

/** Devices per client status code (null: no status reported yet), active devices only. */
export async function countByClientStatus(prisma: PrismaClient) {
  const groups = await prisma.device.groupBy({
    by: ["clientStatusCode"],
    where: { lifecycle: { not: "RETIRED" } },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.clientStatusCode, g._count._all]));
}
