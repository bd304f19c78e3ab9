/**
 * The five report triggers. Each writes its report in the caller's transaction, the same one
 * as the change that causes it, so a change and its report are committed (or lost) together:
 * 1. compliance verdict changed, 2. inventory fingerprint changed (applyEvaluation,
 * recordInventory); 3. the weekly run (scheduler.ts); 4. a person's resync (requestResync);
 * 5. retire (retireDevice, or a policy whose winning action is RETIRE).
 */
import type { Prisma, PrismaClient, ReportTrigger } from "@prisma/client";
import { deviceWhere } from "../db/devices";
import {
  deviceForTrigger,
  deviceIdsPage,
  devicesWithUnsentReport,
  queueReportsForDevices,
  retirePendingDevices,
  saveEvaluation,
  saveInventory,
  type QueueOptions,
  type QueueResult,
} from "../db/reports";
import type { ComplianceResult } from "../domain/compliance";
import type { DeviceListParams } from "../domain/device-list-params";
import { inventoryFingerprint, type DeviceInventory } from "../domain/inventory";

type Tx = Prisma.TransactionClient;

export interface TriggerOptions {
  requestedBy?: string | null;
  traceId?: string | null;
  weeklyRunId?: string | null;
}

/** Queues one device's report (coalescing with an unsent one). */
export function queueReport(tx: Tx, deviceId: string, trigger: ReportTrigger, options: TriggerOptions = {}): Promise<QueueResult> {
  return queueReportsForDevices(tx, [deviceId], trigger, options);
}

/**
 * Saves a compliance evaluation; reports the device when its verdict changed, and retires it
 * when the winning action is RETIRE. Returns what was fired (null: nothing).
 */
export async function applyEvaluation(tx: Tx, deviceId: string, result: ComplianceResult, now: Date = new Date()): Promise<ReportTrigger | null> {
  const device = await deviceForTrigger(tx, deviceId);
  if (!device) throw new Error(`no device ${deviceId}`);
  await saveEvaluation(
    tx,
    deviceId,
    { verdict: result.verdict, winningAction: result.winningAction, evaluatedAt: now },
    result.policies.filter((p) => p.applies).map((p) => ({ policyId: p.policyId, passed: p.passed, failures: p.failures })),
  );
  if (device.lifecycle !== "ACTIVE") return null;
  if (result.retire) {
    await queueReportsForDevices(tx, [deviceId], "RETIRE", { now });
    return "RETIRE";
  }
  if (result.verdict === device.verdict) return null;
  await queueReportsForDevices(tx, [deviceId], "COMPLIANCE_CHANGE", { now });
  return "COMPLIANCE_CHANGE";
}

/** Saves what the device reported about itself; reports it when the sent inventory changed. */
export async function recordInventory(tx: Tx, deviceId: string, inventory: DeviceInventory, now: Date = new Date()): Promise<boolean> {
  const device = await deviceForTrigger(tx, deviceId);
  if (!device) throw new Error(`no device ${deviceId}`);
  const fingerprint = inventoryFingerprint(inventory);
  await saveInventory(tx, deviceId, {
    name: inventory.name,
    platform: inventory.platform,
    manufacturer: inventory.manufacturer,
    model: inventory.model,
    osVersion: inventory.osVersion,
    serialNumber: inventory.serialNumber,
    ownerUpn: inventory.ownerUpn,
    azureDeviceId: inventory.azureDeviceId,
    inventoryFingerprint: fingerprint,
  });
  if (fingerprint === device.inventoryFingerprint || device.lifecycle !== "ACTIVE") return false;
  await queueReportsForDevices(tx, [deviceId], "INVENTORY_CHANGE", { now });
  return true;
}

export type ResyncTarget = { deviceIds: string[] } | { filter: DeviceListParams };

export interface ResyncResult {
  queued: number;
  /** Not sent: no Azure device ID (a SKIPPED report says why), retired, or unknown. */
  skipped: number;
  /** Already waiting to be sent (an unsent report will carry the current state). */
  alreadyInFlight: number;
}

const RESYNC_CHUNK = 500;

/**
 * A person's resync of one device, a selection, or every device matching a list filter.
 * Streams the selection in chunks (one transaction each), so any fleet size fits in memory.
 * A device being retired is sent its retire report again (a retry of the removal).
 */
export async function requestResync(prisma: PrismaClient, target: ResyncTarget, options: { requestedBy: string | null; traceId?: string | null }): Promise<ResyncResult> {
  const total: ResyncResult = { queued: 0, skipped: 0, alreadyInFlight: 0 };
  const queueOptions: QueueOptions = { requestedBy: options.requestedBy, traceId: options.traceId ?? null };
  const chunk = async (ids: string[]) => {
    await prisma.$transaction(
      async (tx) => {
        const waiting = await devicesWithUnsentReport(tx, ids);
        const fresh = ids.filter((id) => !waiting.has(id));
        total.alreadyInFlight += ids.length - fresh.length;
        const retiringIds = await retirePendingDevices(tx, fresh);
        for (const [trigger, list] of [
          ["MANUAL", fresh.filter((id) => !retiringIds.has(id))],
          ["RETIRE", fresh.filter((id) => retiringIds.has(id))],
        ] as const) {
          const r = await queueReportsForDevices(tx, list, trigger, queueOptions);
          total.queued += r.queued.length;
          total.skipped += r.skipped.length + r.ignored.length;
        }
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
  };
  if ("deviceIds" in target) {
    const ids = [...new Set(target.deviceIds)];
    for (let i = 0; i < ids.length; i += RESYNC_CHUNK) await chunk(ids.slice(i, i + RESYNC_CHUNK));
    return total;
  }
  const where = deviceWhere(target.filter);
  let cursor: string | null = null;
  for (;;) {
    const ids = await deviceIdsPage(prisma, where, cursor, RESYNC_CHUNK);
    if (ids.length === 0) break;
    await chunk(ids);
    cursor = ids[ids.length - 1]!;
    if (ids.length < RESYNC_CHUNK) break;
  }
  return total;
}

/**
 * Retires a device: lifecycle RETIRE_PENDING and a RETIRE report (notManaged, notCompliant).
 * It becomes RETIRED when Microsoft confirms; on failure it stays RETIRE_PENDING with the error.
 */
export async function retireDevice(tx: Tx, deviceId: string, options: TriggerOptions = {}): Promise<QueueResult> {
  return queueReportsForDevices(tx, [deviceId], "RETIRE", options);
}
