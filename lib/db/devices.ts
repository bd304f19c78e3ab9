import type { Prisma, PrismaClient } from "@prisma/client";
import type { DeviceListParams, DeviceSort } from "../domain/device-list-params";

/** Device queries. Only lib/db talks to Prisma. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function deviceWhere(p: DeviceListParams): Prisma.DeviceWhereInput {
  const and: Prisma.DeviceWhereInput[] = [];
  if (p.platform) and.push({ platform: p.platform });
  if (p.clientStatus) and.push({ clientStatusCode: p.clientStatus === "none" ? null : p.clientStatus });
  if (p.azureState) and.push({ azureState: p.azureState === "none" ? null : p.azureState });
  if (p.verdict) and.push({ verdict: p.verdict });
  if (p.lifecycle) and.push({ lifecycle: p.lifecycle });
  if (p.noAzureId) and.push({ azureDeviceId: null });
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

export async function listDevices(prisma: PrismaClient, p: DeviceListParams): Promise<{ rows: DeviceListRow[]; total: number }> {
  const where = deviceWhere(p);
  const [rows, total] = await Promise.all([
    prisma.device.findMany({
      where,
      orderBy: deviceOrderBy(p),
      skip: (p.page - 1) * p.size,
      take: p.size,
      select: deviceListSelect,
    }),
    prisma.device.count({ where }),
  ]);
  return { rows, total };
}

/** Devices per client status code (null: no status reported yet), active devices only. */
export async function countByClientStatus(prisma: PrismaClient) {
  const groups = await prisma.device.groupBy({
    by: ["clientStatusCode"],
    where: { lifecycle: { not: "RETIRED" } },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.clientStatusCode, g._count._all]));
}
