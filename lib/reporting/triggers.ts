/**
 * The five report triggers. Each writes its report in the caller's transaction, the same one
 * as the change that causes it, so a change and its report are committed (or lost) together:
 * 1. compliance verdict changed, 2. inventory fingerprint changed (applyEvaluation,
 * recordInventory); 3. the weekly run (scheduler.ts); 4. a person's resync (requestResync);
 * 5. retire (retireDevice, or a policy whose winning action is RETIRE).
 */
import type { Prisma, PrismaClient, ReportTrigger } from "@prisma/client";
import { matchingDeviceIds } from "../db/devices";
import {
  deviceForTrigger,
  devicesForTriggers,
  devicesWithUnsentReport,
  queueReportsForDevices,
  retirePendingDevices,
  saveEvaluations,
  saveInventory,
  type QueueOptions,
  type QueueResult,
} from "../db/reports";
import type { ComplianceResult } from "../domain/compliance";
import type { DeviceListParams } from "../domain/device-list-params";
import { evaluationTrigger, type EvaluationTrigger } from "../domain/evaluation-trigger";
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

export interface EvaluationItem {
  deviceId: string;
  result: ComplianceResult;
}

/**
 * Saves compliance evaluations of any number of devices (locked in id order); reports each
 * device whose verdict changed (COMPLIANCE_CHANGE) and retires those whose winning action is
 * RETIRE, as lib/domain/evaluation-trigger.ts decides, and fires nothing for the others.
 * Returns what was fired per device (null: nothing); a device that does not exist is absent.
 */
export async function applyEvaluations(tx: Tx, items: EvaluationItem[], now: Date = new Date(), options: TriggerOptions = {}): Promise<Map<string, ReportTrigger | null>> {
  const fired = new Map<string, ReportTrigger | null>();
  const stored = await devicesForTriggers(tx, items.map((i) => i.deviceId));
  const present = items.filter((i) => stored.has(i.deviceId));
  await saveEvaluations(
    tx,
    present.map(({ deviceId, result }) => ({
      deviceId,
      verdict: result.verdict,
      winningAction: result.winningAction,
      policies: result.policies.filter((p) => p.applies).map((p) => ({ policyId: p.policyId, passed: p.passed, failures: p.failures })),
    })),
    now,
  );
  const byTrigger: Record<EvaluationTrigger, string[]> = { RETIRE: [], COMPLIANCE_CHANGE: [] };
  for (const { deviceId, result } of present) {
    const trigger = evaluationTrigger(stored.get(deviceId)!, result);
    fired.set(deviceId, trigger);
    if (trigger) byTrigger[trigger].push(deviceId);
  }
  const queueOptions: QueueOptions = { now, requestedBy: options.requestedBy ?? null, traceId: options.traceId ?? null };
  for (const trigger of ["RETIRE", "COMPLIANCE_CHANGE"] as const) {
    if (byTrigger[trigger].length > 0) await queueReportsForDevices(tx, byTrigger[trigger], trigger, queueOptions);
  }
  return fired;
}

/** One device's evaluation (a check-in's): applyEvaluations for one. Returns what was fired (null: nothing). */
export async function applyEvaluation(tx: Tx, deviceId: string, result: ComplianceResult, now: Date = new Date(), options: TriggerOptions = {}): Promise<ReportTrigger | null> {
  const fired = await applyEvaluations(tx, [{ deviceId, result }], now, options);
  if (!fired.has(deviceId)) throw new Error(`no device ${deviceId}`);
  return fired.get(deviceId) ?? null;
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
  const now = new Date();
  let cursor: string | null = null;
  for (;;) {
    const ids = await matchingDeviceIds(prisma, target.filter, { take: RESYNC_CHUNK, after: cursor, now });
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
