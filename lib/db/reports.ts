import { randomUUID } from "node:crypto";
import { Prisma, type Lifecycle, type PolicyAction, type PrismaClient, type ReportState, type ReportTrigger, type Verdict } from "@prisma/client";
import { uuidList } from "./sql";
import { deriveAzureFields } from "../domain/azure-state";
import { retryOnConflict } from "./conflicts";
import { sentInventory, type DeviceInventory } from "../domain/inventory";

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
    const snapshot: ReportSnapshot = { inventory: sentInventory(d), lastCheckInAt: d.lastCheckInAt.toISOString() };
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
 * Claims up to `limit` due reports for `owner` until `leaseUntil`: first (unless `resume` is
 * false) SENDING/ACCEPTED ones whose lease expired or was released (a dead worker's, or one
 * waiting for its next poll), then QUEUED ones whose time has come and whose device has nothing
 * in flight (they become SENDING). Two statements, each served by the (state, nextAttemptAt)
 * index. The first reads the index entries of every in-flight version of the reports until
 * vacuum removes them (tens of ms in a large run), so the engine asks it about once a second.
 */
export async function claimDueReports(prisma: PrismaClient, owner: string, limit: number, now: Date, leaseUntil: Date, resume = true): Promise<string[]> {
  const at = now.toISOString();
  const until = leaseUntil.toISOString();
  const resumed = !resume ? [] : await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Report" AS r
    SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${until}::timestamptz
    WHERE r.id = ANY(ARRAY(
      SELECT q.id FROM "Report" q
      WHERE q."state" IN ('SENDING', 'ACCEPTED') AND q."nextAttemptAt" <= ${at}::timestamptz
        AND (q."leaseExpiresAt" IS NULL OR q."leaseExpiresAt" < ${at}::timestamptz)
      ORDER BY q."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ))
    RETURNING r.id::text AS id`;
  if (resumed.length >= limit) return resumed.map((r) => String(r.id));
  const fresh = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Report" AS r
    SET "leaseOwner" = ${owner}, "leaseExpiresAt" = ${until}::timestamptz, "state" = 'SENDING'::"ReportState", "sendingAt" = ${at}::timestamptz
    WHERE r.id = ANY(ARRAY(
      SELECT q.id FROM "Report" q
      WHERE q."state" = 'QUEUED' AND q."nextAttemptAt" <= ${at}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM "Report" o WHERE o."deviceId" = q."deviceId" AND o."state" IN ('SENDING', 'ACCEPTED'))
      ORDER BY q."nextAttemptAt"
      LIMIT ${limit - resumed.length}
      FOR UPDATE SKIP LOCKED
    ))
      AND r."state" = 'QUEUED'
    RETURNING r.id::text AS id`;
  return [...resumed, ...fresh].map((r) => String(r.id));
}

export const claimedReportInclude = {
  device: { select: { ...queueDeviceSelect, lastCheckInAt: true } },
} satisfies Prisma.ReportInclude;

export type ClaimedReport = Prisma.ReportGetPayload<{ include: typeof claimedReportInclude }>;

export async function loadClaimed(prisma: PrismaClient, ids: string[]): Promise<ClaimedReport[]> {
  if (ids.length === 0) return [];
  return prisma.report.findMany({ where: { id: { in: ids } }, include: claimedReportInclude, orderBy: { nextAttemptAt: "asc" } });
}

export interface SendingItem {
  id: string;
  messageId: string;
  payload: ReportPayload;
}

/**
 * Records send attempts before their PUTs (message id and exact body kept, attempt counted),
 * in one statement. Returns the ids still held by `owner` (others were taken over: skip them).
 */
export async function markSending(prisma: PrismaClient, owner: string, items: SendingItem[], leaseUntil: Date): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const values = Prisma.join(items.map((i) => Prisma.sql`(${i.id}::uuid, ${i.messageId}::uuid, ${JSON.stringify(i.payload)}::jsonb)`));
  const rows = await retryOnConflict(() => prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Report" AS r
    SET "state" = 'SENDING'::"ReportState", "messageId" = v.message_id, "payload" = v.payload,
        "attempts" = r."attempts" + 1, "leaseExpiresAt" = ${leaseUntil.toISOString()}::timestamptz
    FROM (VALUES ${values}) AS v(id, message_id, payload)
    WHERE r.id = v.id AND r."leaseOwner" = ${owner} AND r."state" IN ('SENDING', 'QUEUED')
    RETURNING r.id::text AS id`);
  return new Set(rows.map((r) => String(r.id)));
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

/**
 * Renews the leases of the reports `owner` holds; returns those it still holds. Never waits: a
 * row the engine's own write is changing right now (being ended, or marked sending) is skipped,
 * so a renewal cannot deadlock with that write; the row is ended by it, or renewed next time.
 */
export async function extendLeases(prisma: PrismaClient, owner: string, ids: string[], leaseUntil: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH renewed AS (
      UPDATE "Report" SET "leaseExpiresAt" = ${leaseUntil.toISOString()}::timestamptz
      WHERE id IN (SELECT id FROM "Report" WHERE id IN (${uuidList(ids)}) AND "leaseOwner" = ${owner} FOR UPDATE SKIP LOCKED)
      RETURNING id
    )
    SELECT id::text AS id FROM "Report" WHERE id IN (${uuidList(ids)}) AND "leaseOwner" = ${owner}`;
  return new Set(rows.map((r) => String(r.id)));
}

/**
 * Gives the report back for a later attempt: QUEUED to PUT again (same message id and body),
 * or ACCEPTED to poll again. The lease is released so any worker may take it when due.
 * A report going back to the queue while a newer report of its device waits (queued while this
 * one was in flight) is superseded instead: the newer one carries the device's newest state, and
 * an older message must never reach Microsoft after a newer one. The device's row is locked
 * first, as queuing locks it, so the two cannot both miss each other.
 * Returns false when `owner` no longer holds the report.
 */
export async function releaseReport(
  prisma: PrismaClient,
  id: string,
  owner: string,
  data: {
    state: "QUEUED" | "ACCEPTED";
    nextAttemptAt: Date;
    httpStatus?: number | null;
    errorCode?: string | null;
    errorDetail?: string | null;
    /** The attempt failed before its PUT (e.g. the owner's Entra lookup): count it here. */
    countAttempt?: boolean;
  },
): Promise<boolean> {
  const update = (state: "QUEUED" | "ACCEPTED" | "SUPERSEDED", at: Date) => ({
    state,
    ...(state === "SUPERSEDED" ? { supersededAt: at } : {}),
    ...(data.countAttempt ? { attempts: { increment: 1 } } : {}),
    nextAttemptAt: data.nextAttemptAt,
    leaseOwner: null,
    leaseExpiresAt: null,
    ...(data.errorCode === undefined ? {} : { httpStatus: data.httpStatus ?? null, errorCode: data.errorCode, errorDetail: data.errorDetail ?? null }),
  });
  if (data.state === "ACCEPTED") {
    const { count } = await prisma.report.updateMany({ where: { id, leaseOwner: owner }, data: update("ACCEPTED", new Date()) });
    return count === 1;
  }
  return retryOnConflict(() =>
    prisma.$transaction(async (tx) => {
      const report = await tx.report.findFirst({ where: { id, leaseOwner: owner }, select: { deviceId: true, lastUpdateTime: true } });
      if (!report) return false;
      await lockDevices(tx, [report.deviceId]);
      const newer = await tx.report.count({
        where: { deviceId: report.deviceId, id: { not: id }, state: { in: ["QUEUED", "SENDING", "ACCEPTED"] }, lastUpdateTime: { gt: report.lastUpdateTime } },
      });
      const { count } = await tx.report.updateMany({ where: { id, leaseOwner: owner }, data: update(newer > 0 ? "SUPERSEDED" : "QUEUED", new Date()) });
      return count === 1;
    }),
  );
}

export interface FinishData {
  state: "COMPLETED" | "FAILED" | "SKIPPED";
  at: Date;
  /** Set: replaces the report's HTTP status (the PUT's answer); unset: kept. */
  httpStatus?: number | null;
  errorCode?: string | null;
  errorDetail?: string | null;
  /** The attempt that ends it failed before its PUT: count it here. */
  countAttempt?: boolean;
  /** When Microsoft accepted the message, if not recorded yet (a message completed at its first poll). */
  acceptedAt?: Date | null;
}

export interface FinishItem extends FinishData {
  id: string;
}

/**
 * Ends reports held by `owner`, in one transaction of a few set-based statements: the reports'
 * end states, their devices' Azure fields derived again (devices locked in id order, as the
 * triggers lock them), retiring devices moved to RETIRED when Microsoft confirmed, and the
 * weekly runs' counts. Returns the ids that were ended (a report taken over is not).
 */
export async function finishReports(prisma: PrismaClient, owner: string, items: FinishItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  // A deadlock rolls the whole transaction back: run it again rather than lose the batch.
  return retryOnConflict(() => prisma.$transaction(
    async (tx) => {
      const values = Prisma.join(
        items.map(
          (i) => Prisma.sql`(${i.id}::uuid, ${i.state}::text, ${i.at.toISOString()}::timestamptz, ${i.countAttempt ? 1 : 0}::int,
            ${i.acceptedAt?.toISOString() ?? null}::timestamptz, ${i.httpStatus !== undefined}::boolean, ${i.httpStatus ?? null}::int,
            ${i.errorCode ?? null}::text, ${i.errorDetail ?? null}::text)`,
        ),
      );
      const ended = await tx.$queryRaw<{ id: string; deviceId: string; trigger: ReportTrigger; weeklyRunId: string | null; state: FinishData["state"]; at: Date }[]>`
        UPDATE "Report" AS r
        SET "state" = v.state::"ReportState",
            "leaseOwner" = NULL,
            "leaseExpiresAt" = NULL,
            "attempts" = r."attempts" + v.count_attempt,
            "acceptedAt" = COALESCE(v.accepted_at, r."acceptedAt"),
            "completedAt" = CASE WHEN v.state = 'COMPLETED' THEN v.at ELSE r."completedAt" END,
            "failedAt" = CASE WHEN v.state = 'FAILED' THEN v.at ELSE r."failedAt" END,
            "skippedAt" = CASE WHEN v.state = 'SKIPPED' THEN v.at ELSE r."skippedAt" END,
            "httpStatus" = CASE WHEN v.set_http THEN v.http_status ELSE r."httpStatus" END,
            "errorCode" = v.error_code,
            "errorDetail" = v.error_detail
        FROM (VALUES ${values}) AS v(id, state, at, count_attempt, accepted_at, set_http, http_status, error_code, error_detail)
        WHERE r.id = v.id AND r."leaseOwner" = ${owner}
        RETURNING r.id::text AS id, r."deviceId"::text AS "deviceId", r."trigger"::text AS "trigger", r."weeklyRunId"::text AS "weeklyRunId", v.state AS state, v.at AS at`;
      if (ended.length === 0) return new Set<string>();

      const completedAt = new Map<string, Date>();
      for (const e of ended) {
        const at = new Date(e.at);
        if (e.state === "COMPLETED" && !(completedAt.get(e.deviceId)! > at)) completedAt.set(e.deviceId, at);
      }
      await deriveDevices(tx, [...new Set(ended.map((e) => e.deviceId))], completedAt);

      const retired = ended.filter((e) => e.trigger === "RETIRE" && e.state === "COMPLETED");
      for (const e of retired) {
        await tx.device.updateMany({ where: { id: e.deviceId, lifecycle: "RETIRE_PENDING" }, data: { lifecycle: "RETIRED", retiredAt: new Date(e.at) } });
      }
      const runs = new Map<string, { completed: number; failed: number }>();
      for (const e of ended) {
        if (!e.weeklyRunId || e.state === "SKIPPED") continue;
        const c = runs.get(e.weeklyRunId) ?? { completed: 0, failed: 0 };
        c[e.state === "COMPLETED" ? "completed" : "failed"]++;
        runs.set(e.weeklyRunId, c);
      }
      for (const [id, c] of runs) {
        await tx.weeklyRun.update({ where: { id }, data: { completed: { increment: c.completed }, failed: { increment: c.failed } } });
      }
      return new Set(ended.map((e) => e.id));
    },
    { maxWait: 30_000, timeout: 60_000 },
  ));
}

/**
 * Recomputes devices' Azure fields from each one's newest report (by LastUpdateTime);
 * `completedAt` moves a device's report time forward. Locks the devices in id order first.
 */
export async function deriveDevices(tx: Tx, deviceIds: string[], completedAt: Map<string, Date> = new Map()) {
  if (deviceIds.length === 0) return;
  await lockDevices(tx, deviceIds);
  const rows = await tx.$queryRaw<{ id: string; reportedAt: Date | null; state: ReportState | null; errorCode: string | null; errorDetail: string | null }[]>`
    SELECT d.id::text AS id, d."azureReportedAt" AS "reportedAt", n."state"::text AS "state", n."errorCode", n."errorDetail"
    FROM "Device" d
    LEFT JOIN LATERAL (
      SELECT r."state", r."errorCode", r."errorDetail" FROM "Report" r
      WHERE r."deviceId" = d.id AND r."state" <> 'SUPERSEDED'
      ORDER BY r."lastUpdateTime" DESC, r."queuedAt" DESC
      LIMIT 1
    ) n ON true
    WHERE d.id IN (${uuidList(deviceIds)})`;
  if (rows.length === 0) return;
  const values = Prisma.join(
    rows.map((row) => {
      const f = deriveAzureFields({
        newest: row.state ? { state: row.state, errorCode: row.errorCode, errorDetail: row.errorDetail } : null,
        reportedAt: row.reportedAt ? new Date(row.reportedAt) : null,
        completedAt: completedAt.get(row.id) ?? null,
      });
      return Prisma.sql`(${row.id}::uuid, ${f.azureState}::text, ${f.azureReportedAt?.toISOString() ?? null}::timestamptz, ${f.azureLastErrorCode}::text, ${f.azureLastErrorDetail}::text)`;
    }),
  );
  await tx.$executeRaw`
    UPDATE "Device" AS d
    SET "azureState" = v.azure_state::"AzureComplianceState", "azureReportedAt" = v.reported_at,
        "azureLastErrorCode" = v.error_code, "azureLastErrorDetail" = v.error_detail, "updatedAt" = now()
    FROM (VALUES ${values}) AS v(id, azure_state, reported_at, error_code, error_detail)
    WHERE d.id = v.id`;
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

/** Of `ids`, the devices that exist, locked (id order) for the rest of the transaction, with what the evaluation triggers compare. */
export async function devicesForTriggers(tx: Tx, ids: string[]): Promise<Map<string, { verdict: Verdict; lifecycle: Lifecycle }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; verdict: Verdict; lifecycle: Lifecycle }[]>`
    SELECT id::text AS id, verdict::text AS verdict, lifecycle::text AS lifecycle FROM "Device"
    WHERE id IN (${uuidList(ids)}) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((r) => [r.id, { verdict: r.verdict, lifecycle: r.lifecycle }]));
}

export interface EvaluationToSave {
  deviceId: string;
  verdict: Verdict;
  winningAction: PolicyAction | null;
  policies: { policyId: string; passed: boolean; failures: unknown }[];
}

/**
 * Stores evaluations' verdicts and per-policy outcomes on their devices, a few set-based
 * statements for any number of devices (the outcomes go in as one JSON parameter: far faster
 * than a many-row createMany on PGlite). Outcomes of a policy deleted meanwhile are left out:
 * the policies still there are held (FOR KEY SHARE) so a delete waits for this transaction.
 */
export async function saveEvaluations(tx: Tx, items: EvaluationToSave[], evaluatedAt: Date) {
  if (items.length === 0) return;
  const groups = new Map<string, { verdict: Verdict; winningAction: PolicyAction | null; ids: string[] }>();
  for (const item of items) {
    const key = `${item.verdict}|${item.winningAction ?? ""}`;
    const group = groups.get(key) ?? { verdict: item.verdict, winningAction: item.winningAction, ids: [] };
    group.ids.push(item.deviceId);
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    await tx.device.updateMany({ where: { id: { in: g.ids } }, data: { verdict: g.verdict, winningAction: g.winningAction, evaluatedAt } });
  }
  await tx.$executeRaw`DELETE FROM "PolicyEvaluation" WHERE "deviceId" IN (${uuidList(items.map((i) => i.deviceId))})`;
  const policyIds = [...new Set(items.flatMap((i) => i.policies.map((p) => p.policyId)))];
  if (policyIds.length === 0) return;
  const held = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "CompliancePolicy" WHERE id IN (${uuidList(policyIds)}) ORDER BY id FOR KEY SHARE`;
  const existing = new Set(held.map((p) => p.id));
  const rows = items.flatMap((i) => i.policies.filter((p) => existing.has(p.policyId)).map((p) => ({ d: i.deviceId, p: p.policyId, ok: p.passed, f: p.failures })));
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "PolicyEvaluation" ("deviceId", "policyId", passed, failures, "evaluatedAt")
    SELECT x.d, x.p, x.ok, x.f, ${evaluatedAt.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(d uuid, p uuid, ok boolean, f jsonb)
    ON CONFLICT DO NOTHING`;
}

export async function saveInventory(tx: Tx, deviceId: string, data: Prisma.DeviceUpdateInput) {
  await tx.device.update({ where: { id: deviceId }, data });
}

/** Of `ids`, the devices whose retire is pending (a resync sends their retire again). */
export async function retirePendingDevices(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.device.findMany({ where: { id: { in: ids }, lifecycle: "RETIRE_PENDING" }, select: { id: true } });
  return new Set(rows.map((d) => d.id));
}
