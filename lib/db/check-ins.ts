import { Prisma, type ClientStatusCode, type Lifecycle, type Platform, type PolicyAction, type PrismaClient, type ReportState, type ReportTrigger } from "@prisma/client";
import { uuidList } from "./sql";

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
  /** The check-in already applied with the id asked about, if any. */
  previous: CheckInRow | null;
}

export interface CheckInKey {
  deviceId: string;
  checkInId: string;
}


/**
 * Locks the devices' rows (in id order, as every writer of devices locks them) for the rest of
 * the transaction, so check-ins of one device run one at a time and two copies of a check-in
 * cannot both be applied; then reads the check-ins already applied with the ids asked about.
 * One device per key. Two statements on purpose: in READ COMMITTED a statement that waited for
 * the lock still reads the other tables as of its start, so only a statement run after the lock
 * sees the copy that the previous holder committed. A device that does not exist is absent.
 */
export async function lockDevicesForCheckIns(tx: Tx, keys: CheckInKey[]): Promise<Map<string, LockedDevice>> {
  if (keys.length === 0) return new Map();
  const devices = await tx.$queryRaw<{ id: string; platform: Platform; lifecycle: Lifecycle; inventoryFingerprint: string }[]>`
    SELECT id::text AS id, platform::text AS platform, lifecycle::text AS lifecycle, "inventoryFingerprint"
    FROM "Device" WHERE id IN (${uuidList(keys.map((k) => k.deviceId))}) ORDER BY id FOR UPDATE`;
  const locked = new Map(devices.map((d) => [d.id, { ...d, previous: null } as LockedDevice]));
  if (locked.size === 0) return locked;
  const pairs = Prisma.join(keys.filter((k) => locked.has(k.deviceId)).map((k) => Prisma.sql`(${k.deviceId}::uuid, ${k.checkInId}::uuid)`));
  const previous = await tx.$queryRaw<(Omit<CheckInRow, "deviceId" | "checkInId"> & { deviceId: string; checkInId: string })[]>`
    SELECT c."deviceId"::text AS "deviceId", c."checkInId"::text AS "checkInId", c."receivedAt", c."bodyHash", c."inventoryChanged",
           c."complianceChanged", c.triggers::text[] AS triggers
    FROM "CheckIn" c JOIN (VALUES ${pairs}) AS k(device_id, check_in_id) ON c."deviceId" = k.device_id AND c."checkInId" = k.check_in_id`;
  for (const row of previous) locked.get(row.deviceId)!.previous = row;
  return locked;
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

/** What devices reported that no trigger fingerprints (compliance facts, client status, identifiers), one statement for any number of devices. */
export async function saveCheckInFacts(tx: Tx, rows: { deviceId: string; facts: CheckInFacts }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Device" AS d SET
      "lastCheckInAt" = v."lastCheckInAt", "passcodeSet" = v."passcodeSet", "encrypted" = v."encrypted", "jailbroken" = v."jailbroken",
      "installedApps" = v."installedApps", "clientStatusCode" = v."clientStatusCode"::"ClientStatusCode",
      "clientStatusReportedAt" = v."clientStatusReportedAt", "udid" = v."udid", "imei" = v."imei", "updatedAt" = v."lastCheckInAt"
    FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.deviceId, ...r.facts })))}::jsonb)
      AS v(id uuid, "lastCheckInAt" timestamptz, "passcodeSet" boolean, "encrypted" boolean, "jailbroken" boolean, "installedApps" text[],
           "clientStatusCode" text, "clientStatusReportedAt" timestamptz, "udid" text, "imei" text)
    WHERE d.id = v.id`;
}

/**
 * Records applied check-ins and forgets each device's check-ins received before its
 * `pruneBefore`, in one statement for any number of devices.
 */
export async function insertCheckIns(tx: Tx, rows: (CheckInRow & { pruneBefore: Date })[]): Promise<void> {
  if (rows.length === 0) return;
  const values = Prisma.join(
    rows.map(
      (r) => Prisma.sql`(${r.deviceId}::uuid, ${r.checkInId}::uuid, ${r.receivedAt}::timestamptz, ${r.bodyHash}::text, ${r.inventoryChanged}::boolean, ${r.complianceChanged}::boolean,
        ${r.triggers}::text[]::"ReportTrigger"[], ${r.pruneBefore}::timestamptz)`,
    ),
  );
  await tx.$executeRaw`
    WITH v(device_id, check_in_id, received_at, body_hash, inventory_changed, compliance_changed, triggers, prune_before) AS (VALUES ${values}),
    pruned AS (DELETE FROM "CheckIn" c USING v WHERE c."deviceId" = v.device_id AND c."receivedAt" < v.prune_before)
    INSERT INTO "CheckIn" ("deviceId", "checkInId", "receivedAt", "bodyHash", "inventoryChanged", "complianceChanged", "triggers")
    SELECT device_id, check_in_id, received_at, body_hash, inventory_changed, compliance_changed, triggers FROM v`;
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
  return (await deviceStateRows(db, [deviceId])).get(deviceId) ?? null;
}

/** What deviceStateRow answers, for any number of devices in one statement (check-ins answered together). Absent: no such device. */
export async function deviceStateRows(db: Db, deviceIds: string[]): Promise<Map<string, DeviceStateRow>> {
  if (deviceIds.length === 0) return new Map();
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
    FROM "Device" d WHERE d.id IN (${uuidList([...new Set(deviceIds)])})`;
  const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
  return new Map(
    rows.map(({ lastReport, violations, integrationEnabled, ...device }) => [
      device.id,
      {
        device,
        lastReport: lastReport ? { ...lastReport, queuedAt: iso(lastReport.queuedAt)!, completedAt: iso(lastReport.completedAt), failedAt: iso(lastReport.failedAt) } : null,
        violations: violations ?? [],
        integrationEnabled,
      },
    ]),
  );
}
