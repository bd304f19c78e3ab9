import { createHash } from "node:crypto";
import type { Prisma, PrismaClient, ReportTrigger } from "@prisma/client";
import { insertCheckIns, lockDevicesForCheckIns, saveCheckInFacts, type CheckInFacts, type CheckInRow, type LockedDevice } from "../db/check-ins";
import { enabledPolicies } from "../db/policies";
import type { CheckInBody } from "../domain/check-in";
import { evaluateCompliance, type PolicyInput } from "../domain/compliance";
import { inventoryFingerprint, type DeviceInventory } from "../domain/inventory";
import type { Lifecycle, Platform } from "../domain/types";
import { log } from "../log";
import { applyEvaluation, applyEvaluations, recordInventory } from "../reporting/triggers";
import { toPolicyInputs } from "./policies";

/**
 * Applies device check-ins, each device's all of it in one transaction: the reported facts,
 * the inventory (its trigger queues an INVENTORY_CHANGE report when what Microsoft sees
 * changed), the compliance evaluation (COMPLIANCE_CHANGE or RETIRE when the verdict changed)
 * and the idempotency record. A checkInId already applied is answered from its record, not
 * applied again; the device's row lock makes two copies arriving together apply once.
 */
export type CheckInOutcome =
  | { kind: "applied" | "replayed"; checkIn: CheckInRow }
  /** The same checkInId was applied with another body. */
  | { kind: "conflict"; checkIn: CheckInRow }
  /** The device no longer exists or is retired / being retired. */
  | { kind: "not-active"; lifecycle: Lifecycle | null };

const DAY_MS = 86_400_000;

/** Transactions wait for a connection under load (PostgreSQL pool, PGlite's single session) rather than fail at once. */
export const CHECK_IN_TRANSACTION = { maxWait: 15_000, timeout: 30_000 } as const;

export function checkInBodyHash(body: CheckInBody): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("hex");
}

/** The enabled policies, as every evaluation takes them (check-ins, and policy re-evaluations in lib/reporting/reevaluator.ts). */
export async function loadPolicies(prisma: PrismaClient | Prisma.TransactionClient): Promise<PolicyInput[]> {
  const { policies, invalid } = toPolicyInputs(await enabledPolicies(prisma));
  if (invalid.length) log.warn({ component: "check-in", policies: invalid }, "policies with invalid rules are not evaluated");
  return policies;
}

export function checkInFacts(body: Pick<CheckInBody, "inventory" | "compliance"> & { azure?: CheckInBody["azure"] }, now: Date): CheckInFacts {
  return {
    lastCheckInAt: now,
    passcodeSet: body.compliance.passcodeSet,
    encrypted: body.compliance.encrypted,
    jailbroken: body.compliance.jailbroken,
    installedApps: body.compliance.installedApps,
    clientStatusCode: body.azure?.clientStatusCode ?? null,
    clientStatusReportedAt: body.azure ? now : null,
    udid: body.inventory.udid ?? null,
    imei: body.inventory.imei ?? null,
  };
}

export function checkInInventory(body: Pick<CheckInBody, "inventory"> & { azure?: CheckInBody["azure"] }, platform: Platform): DeviceInventory {
  const { name, manufacturer, model, osVersion, serialNumber, ownerUpn } = body.inventory;
  // PostgreSQL stores GUIDs in lower case: fingerprint them the way they read back.
  return { name, platform, manufacturer, model, osVersion, serialNumber, ownerUpn, azureDeviceId: body.azure?.deviceId?.toLowerCase() ?? null };
}

/**
 * Runs the triggers for a device whose reported facts were just saved; returns the reports
 * queued. recordInventory is skipped when the fingerprint is the stored one: it would rewrite
 * the same fingerprinted fields and queue nothing, and most check-ins change nothing.
 */
export async function runTriggers(
  tx: Prisma.TransactionClient,
  device: { id: string; inventoryFingerprint: string },
  inventory: DeviceInventory,
  facts: CheckInFacts,
  policies: PolicyInput[],
  now: Date,
): Promise<{ inventoryChanged: boolean; complianceChanged: boolean; triggers: ReportTrigger[] }> {
  const deviceId = device.id;
  const triggers: ReportTrigger[] = [];
  const inventoryChanged = inventoryFingerprint(inventory) !== device.inventoryFingerprint && (await recordInventory(tx, deviceId, inventory, now));
  if (inventoryChanged) triggers.push("INVENTORY_CHANGE");
  const result = evaluateCompliance({ ...facts, platform: inventory.platform, osVersion: inventory.osVersion }, policies, now);
  const fired = await applyEvaluation(tx, deviceId, result, now);
  if (fired) triggers.push(fired);
  return { inventoryChanged, complianceChanged: fired !== null, triggers };
}

export interface CheckInItem {
  deviceId: string;
  body: CheckInBody;
  /** When it arrived: its receivedAt and the device's lastCheckInAt. */
  now: Date;
}

/**
 * Applies check-ins of many devices together, as one transaction per round: a check-in's
 * effects are as if applied alone (each device's own facts, triggers and record), but the
 * statements are shared, a few per round for any number of devices. A device with several
 * check-ins in `items` gets them in later rounds, in order, so a copy finds the first applied.
 * Outcomes in the order of `items`.
 */
export async function applyCheckIns(
  prisma: PrismaClient,
  items: CheckInItem[],
  /** historyDays: how long check-in records (hence replayable ids) are kept. */
  options: { historyDays: number },
): Promise<CheckInOutcome[]> {
  const outcomes: CheckInOutcome[] = new Array(items.length);
  let rest = items.map((item, index) => ({ ...item, index }));
  while (rest.length > 0) {
    const seen = new Set<string>();
    const round = rest.filter((i) => !seen.has(i.deviceId) && seen.add(i.deviceId));
    rest = rest.filter((i) => !round.includes(i));
    const applied = await applyRound(prisma, round, options.historyDays);
    round.forEach((item, k) => (outcomes[item.index] = applied[k]!));
  }
  return outcomes;
}

/** Check-ins of distinct devices, in one transaction. */
function applyRound(prisma: PrismaClient, items: CheckInItem[], historyDays: number): Promise<CheckInOutcome[]> {
  const hashes = items.map((i) => checkInBodyHash(i.body));
  return prisma.$transaction(async (tx): Promise<CheckInOutcome[]> => {
    const locked = await lockDevicesForCheckIns(tx, items.map((i) => ({ deviceId: i.deviceId, checkInId: i.body.checkInId })));
    const outcomes: CheckInOutcome[] = [];
    const toApply: { k: number; item: CheckInItem; device: LockedDevice; facts: CheckInFacts }[] = [];
    items.forEach((item, k) => {
      const device = locked.get(item.deviceId);
      // Replayed before the lifecycle check: a retry of the check-in that retired the device gets its answer.
      if (device?.previous) outcomes[k] = { kind: device.previous.bodyHash === hashes[k] ? "replayed" : "conflict", checkIn: device.previous };
      else if (!device || device.lifecycle !== "ACTIVE") outcomes[k] = { kind: "not-active", lifecycle: device?.lifecycle ?? null };
      else toApply.push({ k, item, device, facts: checkInFacts(item.body, item.now) });
    });
    if (toApply.length === 0) return outcomes;

    // Read in the transaction: a policy saved meanwhile is either seen here or re-evaluates these devices after.
    const policies = await loadPolicies(tx);
    await saveCheckInFacts(tx, toApply.map(({ item, facts }) => ({ deviceId: item.deviceId, facts })));
    const inventoryChanged = new Set<string>();
    for (const { item, device } of toApply) {
      const inventory = checkInInventory(item.body, device.platform);
      // Skipped when the fingerprint is the stored one (most check-ins): it would rewrite the same fields and queue nothing.
      if (inventoryFingerprint(inventory) !== device.inventoryFingerprint && (await recordInventory(tx, item.deviceId, inventory, item.now))) {
        inventoryChanged.add(item.deviceId);
      }
    }
    const latest = new Date(Math.max(...toApply.map((a) => a.item.now.getTime())));
    const fired = await applyEvaluations(
      tx,
      toApply.map(({ item, device, facts }) => ({
        deviceId: item.deviceId,
        result: evaluateCompliance({ ...facts, platform: device.platform, osVersion: item.body.inventory.osVersion }, policies, item.now),
      })),
      latest,
    );
    const records = toApply.map(({ k, item }) => {
      const trigger = fired.get(item.deviceId) ?? null;
      const triggers: ReportTrigger[] = [...(inventoryChanged.has(item.deviceId) ? (["INVENTORY_CHANGE"] as const) : []), ...(trigger ? [trigger] : [])];
      const checkIn: CheckInRow = {
        deviceId: item.deviceId,
        checkInId: item.body.checkInId.toLowerCase(),
        receivedAt: item.now,
        bodyHash: hashes[k]!,
        inventoryChanged: inventoryChanged.has(item.deviceId),
        complianceChanged: trigger !== null,
        triggers,
      };
      outcomes[k] = { kind: "applied", checkIn };
      return { ...checkIn, pruneBefore: new Date(item.now.getTime() - historyDays * DAY_MS) };
    });
    await insertCheckIns(tx, records);
    return outcomes;
  }, CHECK_IN_TRANSACTION);
}
