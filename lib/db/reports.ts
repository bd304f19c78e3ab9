import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient, type ReportTrigger } from "@prisma/client";
import { deriveAzureFields } from "../domain/azure-state";
import type { DeviceInventory } from "../domain/inventory";

/**
 * The report outbox's queries (lib/reporting orchestrates them). Queuing coalesces: a
 * device has at most one QUEUED report (a newer one supersedes it), its LastUpdateTime
 * strictly increases, and the device's Azure fields are derived in the same transaction.
 * Claiming is `FOR UPDATE SKIP LOCKED` with a lease, the same SQL on PGlite and PostgreSQL.
 */

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

/** What a queued report keeps of the device, so it sends the state it was queued for. */
export interface ReportSnapshot {
  inventory: DeviceInventory;
  lastCheckInAt: string;
}

export interface ReportPayload {
  /** The entities as sent (null until sent, and for a skipped report). */
  entities: unknown[] | null;
  /** UploadTime of the message as sent; with messageId it makes a retried PUT identical. */
  uploadTime?: string;
  snapshot?: ReportSnapshot;
}

export interface QueueOptions {
  requestedBy?: string | null;
  traceId?: string | null;
  weeklyRunId?: string | null;
  now?: Date;
}

export interface QueueResult {
  queued: string[];
  skipped: string[];
  /** Devices not reported: unknown, or no longer active (retired) for a trigger other than RETIRE. */
  ignored: string[];
  /** Report id per device (queued and skipped). */
  reportIds: Map<string, string>;
}

const queueDeviceSelect = {
  id: true,
  name: true,
  platform: true,
  manufacturer: true,
  model: true,
  osVersion: true,
  serialNumber: true,
  ownerUpn: true,
  azureDeviceId: true,
  clientStatusCode: true,
  lastCheckInAt: true,
  lifecycle: true,
  verdict: true,
} satisfies Prisma.DeviceSelect;

const uuidList = (ids: string[]) => Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));

/** Locks the devices' rows, in id order (no deadlock between two callers), for the rest of the transaction. */
export async function lockDevices(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$queryRaw`SELECT id FROM "Device" WHERE id IN (${uuidList(ids)}) ORDER BY id FOR UPDATE`;
}

export function skippedDetail(clientStatusCode: string | null): string {
  return clientStatusCode
    ? `Not sent: no Azure device ID (the device reported ${clientStatusCode}).`
    : "Not sent: no Azure device ID yet (the device has not reported its client status).";
}

/**
 * Queues one report per device, in the caller's transaction. A device without an Azure
 * device ID gets a SKIPPED report whose error code is its client status code.
 */
export async function queueReportsForDevices(tx: Tx, deviceIds: string[], trigger: ReportTrigger, options: QueueOptions = {}): Promise<QueueResult> {
  const result: QueueResult = { queued: [], skipped: [], ignored: [], reportIds: new Map() };
  const ids = [...new Set(deviceIds)];
  if (ids.length === 0) return result;
  const now = options.now ?? new Date();
  await lockDevices(tx, ids);
  const devices = await tx.device.findMany({ where: { id: { in: ids } }, select: queueDeviceSelect });
  const found = new Set(devices.map((d) => d.id));
  result.ignored.push(...ids.filter((id) => !found.has(id)));
  const eligible = devices.filter((d) => (trigger === "RETIRE" ? d.lifecycle !== "RETIRED" : d.lifecycle === "ACTIVE"));
  result.ignored.push(...devices.filter((d) => !eligible.includes(d)).map((d) => d.id));
  if (eligible.length === 0) return result;
  const eligibleIds = eligible.map((d) => d.id);

  // Newest state wins: an unsent report of the same device is replaced.
  await tx.report.updateMany({ where: { deviceId: { in: eligibleIds }, state: "QUEUED" }, data: { state: "SUPERSEDED", supersededAt: now } });
  const newest = await tx.report.groupBy({ by: ["deviceId"], where: { deviceId: { in: eligibleIds } }, _max: { lastUpdateTime: true } });
  const lastTime = new Map(newest.map((g) => [g.deviceId, g._max.lastUpdateTime?.getTime() ?? 0]));

  const retiring = trigger === "RETIRE";
  const rows: Prisma.ReportCreateManyInput[] = eligible.map((d) => {
    const id = randomUUID();
    result.reportIds.set(d.id, id);
    const lastUpdateTime = new Date(Math.max(now.getTime(), (lastTime.get(d.id) ?? 0) + 1));
    const snapshot: ReportSnapshot = {
      inventory: {
        name: d.name,
        platform: d.platform,
        manufacturer: d.manufacturer,
        model: d.model,
        osVersion: d.osVersion,
        serialNumber: d.serialNumber,
        ownerUpn: d.ownerUpn,
        azureDeviceId: d.azureDeviceId,
      },
      lastCheckInAt: d.lastCheckInAt.toISOString(),
    };
    const skip = d.azureDeviceId === null;
    (skip ? result.skipped : result.queued).push(d.id);
    const code = d.clientStatusCode && d.clientStatusCode !== "Success" ? d.clientStatusCode : null;
    return {
      id,
      deviceId: d.id,
      trigger,
      state: skip ? "SKIPPED" : "QUEUED",
      requestedBy: options.requestedBy ?? null,
      traceId: options.traceId ?? null,
      weeklyRunId: options.weeklyRunId ?? null,
      complianceStatus: retiring || d.verdict === "NOT_COMPLIANT" ? "notCompliant" : "compliant",
      managementState: retiring ? "notManaged" : "managed",
      payload: { entities: null, snapshot } as unknown as Prisma.InputJsonValue,
      lastUpdateTime,
      nextAttemptAt: now,
      queuedAt: now,
      skippedAt: skip ? now : null,
      errorCode: skip ? code : null,
      errorDetail: skip ? skippedDetail(d.clientStatusCode) : null,
    };
  });
  await tx.report.createMany({ data: rows });

  if (result.queued.length) {
    await tx.device.updateMany({
      where: { id: { in: result.queued } },
      data: { azureState: "IN_PROGRESS", azureLastErrorCode: null, azureLastErrorDetail: null },
    });
  }
  const byCode = new Map<string | null, string[]>();
  for (const d of eligible.filter((e) => e.azureDeviceId === null)) {
    const list = byCode.get(d.clientStatusCode) ?? [];
    list.push(d.id);
    byCode.set(d.clientStatusCode, list);
  }
  for (const [status, list] of byCode) {
    const code = status && status !== "Success" ? status : null;
    await tx.device.updateMany({ where: { id: { in: list } }, data: { azureState: "ERROR", azureLastErrorCode: code, azureLastErrorDetail: skippedDetail(status) } });
  }
  if (retiring) {
    await tx.device.updateMany({ where: { id: { in: result.queued } }, data: { lifecycle: "RETIRE_PENDING" } });
    // Nothing of a device without an Azure device ID is in Azure: it is retired at once.
    await tx.device.updateMany({ where: { id: { in: result.skipped } }, data: { lifecycle: "RETIRED", retiredAt: now } });
  }
  return result;
}

// ---------------------------------------------------------------- claiming

/**
 * Claims up to `limit` due reports for `owner` until `leaseUntil`: QUEUED ones whose time has
 * come and whose device has nothing in flight (they become SENDING), and SENDING/ACCEPTED
 * ones whose lease expired or was released (a dead worker's, or one waiting for its next poll).
 */
export async function claimDueReports(prisma: PrismaClient, owner: string, limit: number, now: Date, leaseUntil: Date): Promise<string[]> {
  const at = now.toISOString();
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Report" AS r
    SET "leaseOwner" = ${owner},
        "leaseExpiresAt" = ${leaseUntil.toISOString()}::timestamptz,
        "state" = CASE WHEN r."state" = 'QUEUED' THEN 'SENDING'::"ReportState" ELSE r."state" END,
        "sendingAt" = CASE WHEN r."state" = 'QUEUED' THEN ${at}::timestamptz ELSE r."sendingAt" END
    WHERE r.id = ANY(ARRAY(
      SELECT q.id FROM "Report" q
      WHERE q."nextAttemptAt" <= ${at}::timestamptz
        AND (
          (q."state" = 'QUEUED' AND NOT EXISTS (
            SELECT 1 FROM "Report" o WHERE o."deviceId" = q."deviceId" AND o."state" IN ('SENDING', 'ACCEPTED')))
          OR (q."state" IN ('SENDING', 'ACCEPTED') AND (q."leaseExpiresAt" IS NULL OR q."leaseExpiresAt" < ${at}::timestamptz))
        )
      ORDER BY q."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ))
    RETURNING r.id::text AS id`;
  return rows.map((r) => String(r.id));
}

export const claimedReportInclude = {
  device: { select: { ...queueDeviceSelect, lastCheckInAt: true } },
} satisfies Prisma.ReportInclude;

export type ClaimedReport = Prisma.ReportGetPayload<{ include: typeof claimedReportInclude }>;

export async function loadClaimed(prisma: PrismaClient, ids: string[]): Promise<ClaimedReport[]> {
  if (ids.length === 0) return [];
  return prisma.report.findMany({ where: { id: { in: ids } }, include: claimedReportInclude, orderBy: { nextAttemptAt: "asc" } });
}

/** Records a send attempt before the PUT (message id and exact body kept). False: the lease was lost. */
export async function markSending(
  prisma: PrismaClient,
  id: string,
  owner: string,
  data: { messageId: string; payload: ReportPayload; leaseUntil: Date },
): Promise<boolean> {
  const { count } = await prisma.report.updateMany({
    where: { id, leaseOwner: owner, state: { in: ["SENDING", "QUEUED"] } },
    data: {
      state: "SENDING",
      messageId: data.messageId,
      payload: data.payload as unknown as Prisma.InputJsonValue,
      attempts: { increment: 1 },
      leaseExpiresAt: data.leaseUntil,
    },
  });
  return count === 1;
}

export async function markAccepted(prisma: PrismaClient, id: string, owner: string, data: { at: Date; httpStatus: number | null; nextPollAt: Date; leaseUntil: Date }) {
  const { count } = await prisma.report.updateMany({
    where: { id, leaseOwner: owner },
    data: {
      state: "ACCEPTED",
      acceptedAt: data.at,
      httpStatus: data.httpStatus,
      errorCode: null,
      errorDetail: null,
      nextAttemptAt: data.nextPollAt,
      leaseExpiresAt: data.leaseUntil,
    },
  });
  return count === 1;
}

export async function extendLease(prisma: PrismaClient, id: string, owner: string, leaseUntil: Date): Promise<boolean> {
  const { count } = await prisma.report.updateMany({ where: { id, leaseOwner: owner }, data: { leaseExpiresAt: leaseUntil } });
  return count === 1;
}

/**
 * Gives the report back for a later attempt: QUEUED to PUT again (same message id and body),
 * or ACCEPTED to poll again. The lease is released so any worker may take it when due.
 */
export async function releaseReport(
  prisma: PrismaClient,
  id: string,
  owner: string,
  data: { state: "QUEUED" | "ACCEPTED"; nextAttemptAt: Date; httpStatus?: number | null; errorCode?: string | null; errorDetail?: string | null },
) {
  const { count } = await prisma.report.updateMany({
    where: { id, leaseOwner: owner },
    data: {
      state: data.state,
      nextAttemptAt: data.nextAttemptAt,
      leaseOwner: null,
      leaseExpiresAt: null,
      ...(data.errorCode === undefined ? {} : { httpStatus: data.httpStatus ?? null, errorCode: data.errorCode, errorDetail: data.errorDetail ?? null }),
    },
  });
  return count === 1;
}

export interface FinishData {
  state: "COMPLETED" | "FAILED" | "SKIPPED";
  at: Date;
  httpStatus?: number | null;
  errorCode?: string | null;
  errorDetail?: string | null;
}

/**
 * Ends a report and, in the same transaction, derives its device's Azure fields, moves a
 * retiring device to RETIRED when Microsoft confirmed, and counts it in its weekly run.
 */
export async function finishReport(prisma: PrismaClient, id: string, owner: string, data: FinishData): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.report.updateMany({
      where: { id, leaseOwner: owner },
      data: {
        state: data.state,
        leaseOwner: null,
        leaseExpiresAt: null,
        completedAt: data.state === "COMPLETED" ? data.at : undefined,
        failedAt: data.state === "FAILED" ? data.at : undefined,
        skippedAt: data.state === "SKIPPED" ? data.at : undefined,
        ...(data.httpStatus === undefined ? {} : { httpStatus: data.httpStatus }),
        errorCode: data.errorCode ?? null,
        errorDetail: data.errorDetail ?? null,
      },
    });
    if (count !== 1) return false;
    const report = await tx.report.findUniqueOrThrow({ where: { id }, select: { deviceId: true, trigger: true, weeklyRunId: true } });
    await deriveDevice(tx, report.deviceId, data.state === "COMPLETED" ? data.at : null);
    if (report.trigger === "RETIRE" && data.state === "COMPLETED") {
      await tx.device.updateMany({ where: { id: report.deviceId, lifecycle: "RETIRE_PENDING" }, data: { lifecycle: "RETIRED", retiredAt: data.at } });
    }
    if (report.weeklyRunId && data.state !== "SKIPPED") {
      await tx.weeklyRun.update({
        where: { id: report.weeklyRunId },
        data: data.state === "COMPLETED" ? { completed: { increment: 1 } } : { failed: { increment: 1 } },
      });
    }
    return true;
  });
}

/** Recomputes a device's Azure fields from its newest report (by LastUpdateTime). */
export async function deriveDevice(tx: Tx, deviceId: string, completedAt: Date | null) {
  const [device, newest] = await Promise.all([
    tx.device.findUnique({ where: { id: deviceId }, select: { azureReportedAt: true } }),
    tx.report.findFirst({
      where: { deviceId, state: { not: "SUPERSEDED" } },
      orderBy: [{ lastUpdateTime: "desc" }, { queuedAt: "desc" }],
      select: { state: true, errorCode: true, errorDetail: true },
    }),
  ]);
  if (!device) return;
  const fields = deriveAzureFields({ newest, reportedAt: device.azureReportedAt, completedAt });
  await tx.device.update({ where: { id: deviceId }, data: fields });
}

/** Reports still to be sent or confirmed (for "is there work left" checks). */
export async function countOutstanding(db: Db, where: Prisma.ReportWhereInput = {}): Promise<number> {
  return db.report.count({ where: { ...where, state: { in: ["QUEUED", "SENDING", "ACCEPTED"] } } });
}

/** Devices (of `ids`) with a QUEUED report that has not been attempted yet. */
export async function devicesWithUnsentReport(tx: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.report.findMany({ where: { deviceId: { in: ids }, state: "QUEUED", attempts: 0 }, select: { deviceId: true } });
  return new Set(rows.map((r) => r.deviceId));
}

// ---------------------------------------------------------------- trigger helpers

/** The integration's on/off switch (AzureSettings.enabled; on when the row does not exist yet). */
export async function readIntegrationEnabled(db: Db): Promise<boolean> {
  const settings = await db.azureSettings.findUnique({ where: { id: 1 }, select: { enabled: true } });
  return settings?.enabled ?? true;
}

export async function deviceForTrigger(tx: Tx, deviceId: string) {
  await lockDevices(tx, [deviceId]);
  return tx.device.findUnique({
    where: { id: deviceId },
    select: { id: true, verdict: true, winningAction: true, lifecycle: true, inventoryFingerprint: true },
  });
}

/** Stores an evaluation's verdict and per-policy outcomes on the device. */
export async function saveEvaluation(
  tx: Tx,
  deviceId: string,
  data: { verdict: "COMPLIANT" | "NOT_COMPLIANT"; winningAction: Prisma.DeviceUpdateInput["winningAction"]; evaluatedAt: Date },
  policies: { policyId: string; passed: boolean; failures: unknown }[],
) {
  await tx.device.update({ where: { id: deviceId }, data: { verdict: data.verdict, winningAction: data.winningAction, evaluatedAt: data.evaluatedAt } });
  await tx.policyEvaluation.deleteMany({ where: { deviceId } });
  if (policies.length) {
    await tx.policyEvaluation.createMany({
      data: policies.map((p) => ({ deviceId, policyId: p.policyId, passed: p.passed, failures: p.failures as Prisma.InputJsonValue, evaluatedAt: data.evaluatedAt })),
      skipDuplicates: true,
    });
  }
}

export async function saveInventory(tx: Tx, deviceId: string, data: Prisma.DeviceUpdateInput) {
  await tx.device.update({ where: { id: deviceId }, data });
}

/** Device ids matching a where clause, in id order after `cursor` (for streaming large selections). */
export async function deviceIdsPage(db: Db, where: Prisma.DeviceWhereInput, cursor: string | null, take: number): Promise<string[]> {
  const rows = await db.device.findMany({
    where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
    orderBy: { id: "asc" },
    take,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Of `ids`, the devices whose retire is pending (a resync sends their retire again). */
export async function retirePendingDevices(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.device.findMany({ where: { id: { in: ids }, lifecycle: "RETIRE_PENDING" }, select: { id: true } });
  return new Set(rows.map((d) => d.id));
}
