import type { ClientStatusCode, Lifecycle, Platform, PolicyAction, Prisma, PrismaClient, ReportState, ReportTrigger } from "@prisma/client";

/**
 * The device API's queries: devices by token, enrolment, a check-in's own writes (facts,
 * idempotency record) and what the server believes about a device. The triggers' writes
 * (inventory, verdict, reports) are lib/reporting's, called in the same transaction.
 *
 * The per-check-in queries are raw SQL: a check-in is the product's hottest path, and through
 * the driver adapters a raw statement costs well under half of the same ORM call (measured by
 * scripts/bench-checkins.ts). Enums are read as text and cast on the way in.
 */
type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

export async function findDeviceByTokenHash(db: Db, tokenHash: string): Promise<{ id: string; lifecycle: Lifecycle; retiredAt: Date | null } | null> {
  const rows = await db.$queryRaw<{ id: string; lifecycle: Lifecycle; retiredAt: Date | null }[]>`
    SELECT id::text AS id, lifecycle::text AS lifecycle, "retiredAt" FROM "Device" WHERE "tokenHash" = ${tokenHash}`;
  return rows[0] ?? null;
}

export interface CheckInRow {
  deviceId: string;
  checkInId: string;
  receivedAt: Date;
  bodyHash: string;
  inventoryChanged: boolean;
  complianceChanged: boolean;
  triggers: ReportTrigger[];
}

export interface LockedDevice {
  id: string;
  platform: Platform;
  lifecycle: Lifecycle;
  inventoryFingerprint: string;
  /** The check-in already applied with this id, if any. */
  previous: CheckInRow | null;
}

/**
 * Locks the device's row for the rest of the transaction (check-ins of one device run one at
 * a time, so two copies of a check-in cannot both be applied), then reads the check-in already
 * applied with `checkInId`. Two statements on purpose: in READ COMMITTED a statement that
 * waited for the lock still reads the other tables as of its start, so only a statement run
 * after the lock sees the copy that the previous holder committed. Null: no such device.
 */
export async function lockDeviceForCheckIn(tx: Tx, deviceId: string, checkInId: string): Promise<LockedDevice | null> {
  const devices = await tx.$queryRaw<{ id: string; platform: Platform; lifecycle: Lifecycle; inventoryFingerprint: string }[]>`
    SELECT id::text AS id, platform::text AS platform, lifecycle::text AS lifecycle, "inventoryFingerprint" FROM "Device" WHERE id = ${deviceId}::uuid FOR UPDATE`;
  const device = devices[0];
  if (!device) return null;
  const previous = await tx.$queryRaw<{ receivedAt: Date; bodyHash: string; inventoryChanged: boolean; complianceChanged: boolean; triggers: ReportTrigger[] }[]>`
    SELECT "receivedAt", "bodyHash", "inventoryChanged", "complianceChanged", triggers::text[] AS triggers
    FROM "CheckIn" WHERE "deviceId" = ${deviceId}::uuid AND "checkInId" = ${checkInId}::uuid`;
  const row = previous[0];
  return { ...device, previous: row ? { deviceId: device.id, checkInId: checkInId.toLowerCase(), ...row } : null };
}

export interface CheckInFacts {
  lastCheckInAt: Date;
  passcodeSet: boolean;
  encrypted: boolean;
  jailbroken: boolean;
  installedApps: string[];
  clientStatusCode: ClientStatusCode | null;
  clientStatusReportedAt: Date | null;
  udid: string | null;
  imei: string | null;
}

/** What the device reported that no trigger fingerprints: compliance facts, client status, identifiers. */
export async function saveCheckInFacts(tx: Tx, deviceId: string, f: CheckInFacts): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Device" SET
      "lastCheckInAt" = ${f.lastCheckInAt}, "passcodeSet" = ${f.passcodeSet}, "encrypted" = ${f.encrypted}, "jailbroken" = ${f.jailbroken},
      "installedApps" = ${f.installedApps}::text[], "clientStatusCode" = ${f.clientStatusCode}::"ClientStatusCode",
      "clientStatusReportedAt" = ${f.clientStatusReportedAt}, "udid" = ${f.udid}, "imei" = ${f.imei}, "updatedAt" = ${f.lastCheckInAt}
    WHERE id = ${deviceId}::uuid`;
}

/** Records an applied check-in and forgets the device's check-ins received before `pruneBefore`, in one statement. */
export async function insertCheckIn(tx: Tx, row: CheckInRow, pruneBefore: Date): Promise<void> {
  await tx.$executeRaw`
    WITH pruned AS (DELETE FROM "CheckIn" WHERE "deviceId" = ${row.deviceId}::uuid AND "receivedAt" < ${pruneBefore})
    INSERT INTO "CheckIn" ("deviceId", "checkInId", "receivedAt", "bodyHash", "inventoryChanged", "complianceChanged", "triggers")
    VALUES (${row.deviceId}::uuid, ${row.checkInId}::uuid, ${row.receivedAt}, ${row.bodyHash}, ${row.inventoryChanged}, ${row.complianceChanged}, ${row.triggers}::text[]::"ReportTrigger"[])`;
}

export interface NewEnrolledDevice {
  platform: Platform;
  name: string;
  manufacturer: string;
  model: string;
  osVersion: string;
  serialNumber: string;
  ownerUpn: string;
  azureDeviceId: string | null;
  tokenHash: string;
  enrolledByKeyId: string;
  enrolledAt: Date;
  facts: CheckInFacts;
}

/**
 * Creates the device with an empty inventory fingerprint: the caller then records its
 * inventory through the inventory trigger, which reports the new device to Microsoft.
 */
export async function createEnrolledDevice(tx: Tx, device: NewEnrolledDevice): Promise<string> {
  const { facts, ...rest } = device;
  const row = await tx.device.create({ data: { ...rest, ...facts, inventoryFingerprint: "" }, select: { id: true } });
  return row.id;
}

export interface ReportSummaryRow {
  id: string;
  trigger: ReportTrigger;
  state: ReportState;
  complianceStatus: "compliant" | "notCompliant";
  managementState: "managed" | "notManaged";
  queuedAt: string;
  completedAt: string | null;
  failedAt: string | null;
  errorCode: string | null;
  errorDetail: string | null;
}

export interface DeviceStateRow {
  device: {
    id: string;
    name: string;
    platform: Platform;
    lifecycle: Lifecycle;
    retiredAt: Date | null;
    enrolledAt: Date;
    lastCheckInAt: Date;
    verdict: "COMPLIANT" | "NOT_COMPLIANT";
    winningAction: PolicyAction | null;
    evaluatedAt: Date | null;
    azureDeviceId: string | null;
    clientStatusCode: ClientStatusCode | null;
    clientStatusReportedAt: Date | null;
    azureState: "IN_PROGRESS" | "SUCCESS" | "ERROR" | null;
    azureReportedAt: Date | null;
    azureLastErrorCode: string | null;
    azureLastErrorDetail: string | null;
  };
  /** The newest report that was not superseded (times as ISO strings). */
  lastReport: ReportSummaryRow | null;
  violations: { policyId: string; name: string; actions: PolicyAction[]; failures: unknown }[];
  integrationEnabled: boolean;
}

/** Everything GET /api/v1/devices/{id} answers, in one statement. */
export async function deviceStateRow(db: Db, deviceId: string): Promise<DeviceStateRow | null> {
  const rows = await db.$queryRaw<(DeviceStateRow["device"] & { lastReport: ReportSummaryRow | null; violations: DeviceStateRow["violations"] | null; integrationEnabled: boolean })[]>`
    SELECT d.id::text AS id, d.name, d.platform::text AS platform, d.lifecycle::text AS lifecycle, d."retiredAt", d."enrolledAt", d."lastCheckInAt",
           d.verdict::text AS verdict, d."winningAction"::text AS "winningAction", d."evaluatedAt", d."azureDeviceId"::text AS "azureDeviceId",
           d."clientStatusCode"::text AS "clientStatusCode", d."clientStatusReportedAt", d."azureState"::text AS "azureState", d."azureReportedAt",
           d."azureLastErrorCode", d."azureLastErrorDetail",
           (SELECT json_build_object('id', r.id, 'trigger', r.trigger, 'state', r.state, 'complianceStatus', r."complianceStatus",
                                     'managementState', r."managementState", 'queuedAt', r."queuedAt", 'completedAt', r."completedAt",
                                     'failedAt', r."failedAt", 'errorCode', r."errorCode", 'errorDetail', r."errorDetail")
              FROM "Report" r WHERE r."deviceId" = d.id AND r.state <> 'SUPERSEDED'
              ORDER BY r."lastUpdateTime" DESC, r."queuedAt" DESC LIMIT 1) AS "lastReport",
           (SELECT json_agg(json_build_object('policyId', p.id, 'name', p.name, 'actions', p.actions, 'failures', e.failures) ORDER BY p.name, p.id)
              FROM "PolicyEvaluation" e JOIN "CompliancePolicy" p ON p.id = e."policyId"
              WHERE e."deviceId" = d.id AND NOT e.passed) AS violations,
           coalesce((SELECT s.enabled FROM "AzureSettings" s WHERE s.id = 1), true) AS "integrationEnabled"
    FROM "Device" d WHERE d.id = ${deviceId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  const { lastReport, violations, integrationEnabled, ...device } = row;
  const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    device,
    lastReport: lastReport ? { ...lastReport, queuedAt: iso(lastReport.queuedAt)!, completedAt: iso(lastReport.completedAt), failedAt: iso(lastReport.failedAt) } : null,
    violations: violations ?? [],
    integrationEnabled,
  };
}
