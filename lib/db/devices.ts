import { Prisma, type PrismaClient } from "@prisma/client";
import { FACETS, facetCounts, facetValue, type FacetCombo, type FacetCounts } from "../domain/device-facets";
import { IN_FLIGHT_STATES } from "../domain/report-progress";
import { escapeLike } from "./sql";
import { STALE_REPORT_DAYS, STUCK_MINUTES, type DeviceListParams, type DeviceSort } from "../domain/device-list-params";

/** Device queries. Only lib/db talks to Prisma. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NULLABLE = new Set<DeviceSort>(["clientStatus", "azureState", "reportTime"]);

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

const SORT_SQL: Record<DeviceSort, Prisma.Sql> = {
  name: Prisma.sql`d.name`,
  owner: Prisma.sql`d."ownerUpn"`,
  platform: Prisma.sql`d.platform`,
  os: Prisma.sql`d."osVersion"`,
  clientStatus: Prisma.sql`d."clientStatusCode"`,
  azureState: Prisma.sql`d."azureState"`,
  reportTime: Prisma.sql`d."azureReportedAt"`,
  lastCheckIn: Prisma.sql`d."lastCheckInAt"`,
};

/** deviceOrderBy in SQL over "Device" d. */
function deviceOrderBySql(p: DeviceListParams): Prisma.Sql {
  const dir = p.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  return Prisma.sql`ORDER BY ${SORT_SQL[p.sort]} ${dir}${NULLABLE.has(p.sort) ? Prisma.sql` NULLS LAST` : Prisma.empty}, d.id ${dir}`;
}

/**
 * One page of the list, in the list's order (deviceWhereSql and deviceOrderBySql). The list is
 * the dashboard's busiest query, so it is one statement as a person would write it: Prisma's
 * findMany costs about 2 ms more per page (building the query, mapping every field), which is
 * most of the time of a page that an index answers. The enum columns are read as text after
 * the page is cut, for its rows only.
 */
export function devicePage(prisma: PrismaClient, p: DeviceListParams, now: Date = new Date()): Promise<DeviceListRow[]> {
  const order = deviceOrderBySql(p);
  return prisma.$queryRaw<DeviceListRow[]>`
    SELECT d.id, d.name, d.platform::text AS platform, d.model, d."osVersion", d."ownerUpn", d."azureDeviceId",
           d."clientStatusCode"::text AS "clientStatusCode", d."azureState"::text AS "azureState", d."azureReportedAt",
           d."azureLastErrorCode", d."azureLastErrorDetail", d."lastCheckInAt", d.verdict::text AS verdict, d.lifecycle::text AS lifecycle
    FROM (SELECT d.id, d.name, d.platform, d.model, d."osVersion", d."ownerUpn", d."azureDeviceId", d."clientStatusCode", d."azureState",
                 d."azureReportedAt", d."azureLastErrorCode", d."azureLastErrorDetail", d."lastCheckInAt", d.verdict, d.lifecycle
          FROM "Device" d ${deviceWhereSql(p, now)}
          ${order} LIMIT ${p.size} OFFSET ${(p.page - 1) * p.size}) AS d
    ${order}`;
}

/** How many devices the filter matches. */
export async function countDevices(prisma: PrismaClient, p: Partial<DeviceListParams>, now: Date = new Date()): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM "Device" d ${deviceWhereSql(p, now)}`;
  return row!.count;
}

export async function listDevices(prisma: PrismaClient, p: DeviceListParams): Promise<{ rows: DeviceListRow[]; total: number }> {
  const now = new Date();
  const [rows, total] = await Promise.all([devicePage(prisma, p, now), countDevices(prisma, p, now)]);
  return { rows, total };
}

export const TOGGLES = ["noAzureId", "stale", "stuck", "failed"] as const;
export type Toggle = (typeof TOGGLES)[number];

export interface DeviceListCounts extends FacetCounts {
  /** Devices the current filter would match with each checkbox ticked. */
  toggles: Record<Toggle, number>;
}

/**
 * The device list's filter (lib/domain/device-list-params.ts) in SQL over "Device" d: the one
 * implementation every device selection uses (the list and its counts, the CSV export, resync
 * of everything matching, the triage lists, the admin API). `now` anchors the time-based
 * filters (stale, stuck), so one request's queries agree; `extra` conditions are ANDed. The
 * search finds the text as typed anywhere in name, owner or serial, case-insensitively (ILIKE,
 * with % and _ matching themselves), or the device with that Azure device ID. devices.test.ts checks every filter value
 * against the Prisma form in device-filter-reference.ts, and bench:list checks the page, count
 * and counts against it on its 13 list states.
 */
export function deviceWhereSql(p: Partial<DeviceListParams>, now: Date = new Date(), extra: Prisma.Sql[] = []): Prisma.Sql {
  const and: Prisma.Sql[] = [...extra];
  if (p.platform) and.push(Prisma.sql`d.platform = ${p.platform}::"Platform"`);
  if (p.clientStatus) and.push(p.clientStatus === "none" ? Prisma.sql`d."clientStatusCode" IS NULL` : Prisma.sql`d."clientStatusCode" = ${p.clientStatus}::"ClientStatusCode"`);
  if (p.azureState) and.push(p.azureState === "none" ? Prisma.sql`d."azureState" IS NULL` : Prisma.sql`d."azureState" = ${p.azureState}::"AzureComplianceState"`);
  if (p.verdict) and.push(Prisma.sql`d.verdict = ${p.verdict}::"Verdict"`);
  if (p.lifecycle) and.push(Prisma.sql`d.lifecycle = ${p.lifecycle}::"Lifecycle"`);
  if (p.noAzureId) and.push(Prisma.sql`d."azureDeviceId" IS NULL`);
  if (p.stale) and.push(staleSql(now));
  if (p.stuck) and.push(stuckSql(now));
  if (p.failed) and.push(FAILED_SQL);
  if (p.q) {
    const text = `%${escapeLike(p.q)}%`;
    const or = [Prisma.sql`d.name ILIKE ${text}`, Prisma.sql`d."ownerUpn" ILIKE ${text}`, Prisma.sql`d."serialNumber" ILIKE ${text}`];
    if (GUID.test(p.q)) or.push(Prisma.sql`d."azureDeviceId" = ${p.q.toLowerCase()}::uuid`);
    and.push(Prisma.sql`(${Prisma.join(or, " OR ")})`);
  }
  return and.length ? Prisma.sql`WHERE ${Prisma.join(and, " AND ")}` : Prisma.empty;
}

function staleSql(now: Date): Prisma.Sql {
  const before = new Date(now.getTime() - STALE_REPORT_DAYS * 24 * 3600_000).toISOString();
  return Prisma.sql`(d."azureReportedAt" < ${before}::timestamptz OR (d."azureReportedAt" IS NULL AND d."enrolledAt" < ${before}::timestamptz))`;
}

function stuckSql(now: Date): Prisma.Sql {
  const before = new Date(now.getTime() - STUCK_MINUTES * 60_000).toISOString();
  const states = Prisma.join(IN_FLIGHT_STATES.map((s) => Prisma.sql`${s}::"ReportState"`));
  return Prisma.sql`(d."azureState" = 'IN_PROGRESS' AND EXISTS (SELECT 1 FROM "Report" r WHERE r."deviceId" = d.id AND r.state IN (${states}) AND r."queuedAt" < ${before}::timestamptz))`;
}

const FAILED_SQL = Prisma.sql`(d."azureState" = 'ERROR' AND d."azureDeviceId" IS NOT NULL)`;

interface CountRow extends FacetCombo {
  noAzureId: number;
  stale: number;
  failed: number;
}

/**
 * The count of the current filter and of each filter option next to it, in two queries run
 * together: one grouped count of the five select facets under the text search and checkboxes
 * that also counts, per group, the devices each of three checkboxes would keep, and one count for
 * "in progress for over 15 min" (a join with the reports in flight). A checkbox's count is the
 * current filter's count with that checkbox ticked. The grouped count reads its rows in the
 * facets' order (the ORDER BY in the subquery): with nothing else filtering, that is one
 * index-only scan of Device_list_counts_idx counted group by group, about twice as fast as
 * hashing every device, which the planner would otherwise pick.
 */
export async function deviceListCounts(prisma: PrismaClient, p: DeviceListParams, now: Date = new Date()): Promise<DeviceListCounts> {
  const { platform, clientStatus, azureState, verdict, lifecycle, ...rest } = p;
  const selection = { platform, clientStatus, azureState, verdict, lifecycle };
  const [groups, stuck] = await Promise.all([
    prisma.$queryRaw<CountRow[]>`
      SELECT d.platform::text AS platform, d."clientStatusCode"::text AS "clientStatusCode", d."azureState"::text AS "azureState",
             d.verdict::text AS verdict, d.lifecycle::text AS lifecycle, count(*)::int AS count,
             (count(*) FILTER (WHERE d."azureDeviceId" IS NULL))::int AS "noAzureId",
             (count(*) FILTER (WHERE ${staleSql(now)}))::int AS stale,
             (count(*) FILTER (WHERE ${FAILED_SQL}))::int AS failed
      FROM (SELECT platform, "clientStatusCode", "azureState", verdict, lifecycle, "azureDeviceId", "azureReportedAt", "enrolledAt"
            FROM "Device" d ${deviceWhereSql(rest, now)}
            ORDER BY 1, 2, 3, 4, 5) AS d
      GROUP BY d.platform, d."clientStatusCode", d."azureState", d.verdict, d.lifecycle`,
    p.stuck ? null : countDevices(prisma, { ...p, stuck: "1" }, now),
  ]);
  const facets = facetCounts(groups, selection);
  const matching = groups.filter((g) => FACETS.every((f) => selection[f] === undefined || selection[f] === facetValue(g, f)));
  const sum = (toggle: "noAzureId" | "stale" | "failed") => (p[toggle] ? facets.total : matching.reduce((n, g) => n + g[toggle], 0));
  const toggles: Record<Toggle, number> = { noAzureId: sum("noAzureId"), stale: sum("stale"), stuck: stuck ?? facets.total, failed: sum("failed") };
  return { ...facets, toggles };
}

/**
 * Ids of the devices the filter matches, `take` at a time: in id order after `after` (to walk
 * a large selection page by page), or in `orderBy` over "Device" d.
 */
export async function matchingDeviceIds(
  db: PrismaClient | Prisma.TransactionClient,
  p: Partial<DeviceListParams>,
  options: { take: number; after?: string | null; orderBy?: Prisma.Sql; now?: Date },
): Promise<string[]> {
  const after = options.after ? [Prisma.sql`d.id > ${options.after}::uuid`] : [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id::text AS id FROM "Device" d ${deviceWhereSql(p, options.now ?? new Date(), after)}
    ORDER BY ${options.orderBy ?? Prisma.sql`d.id`} LIMIT ${options.take}`;
  return rows.map((r) => r.id);
}

/** Every device the filter matches, in id order, a page at a time (the CSV export): memory stays flat at any fleet size. */
export async function* devicePagesById(prisma: PrismaClient, p: DeviceListParams, pageSize = 1000, now: Date = new Date()) {
  let after: string | null = null;
  for (;;) {
    const ids = await matchingDeviceIds(prisma, p, { take: pageSize, after, now });
    if (ids.length === 0) return;
    const page: DeviceExportRow[] = await prisma.device.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: deviceExportSelect });
    if (page.length > 0) yield page;
    if (ids.length < pageSize) return;
    after = ids[ids.length - 1]!;
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
