import { createHash } from "node:crypto";
import type { Prisma, PrismaClient, ReportTrigger } from "@prisma/client";
import { insertCheckIn, lockDeviceForCheckIn, saveCheckInFacts, type CheckInFacts, type CheckInRow } from "../db/check-ins";
import { enabledPolicies } from "../db/policies";
import type { CheckInBody } from "../domain/check-in";
import { evaluateCompliance, type PolicyInput } from "../domain/compliance";
import { inventoryFingerprint, type DeviceInventory } from "../domain/inventory";
import type { Lifecycle, Platform } from "../domain/types";
import { log } from "../log";
import { applyEvaluation, recordInventory } from "../reporting/triggers";
import { toPolicyInputs } from "./policies";

/**
 * Applies one device check-in, all of it in one transaction: the reported facts, the
 * inventory (its trigger queues an INVENTORY_CHANGE report when what Microsoft sees changed),
 * the compliance evaluation (COMPLIANCE_CHANGE or RETIRE when the verdict changed) and the
 * idempotency record. A checkInId already applied is answered from its record, not applied
 * again; the device's row lock makes two copies arriving together apply once.
 */
export interface CheckInOptions {
  now: Date;
  /** How long check-in records (hence replayable ids) are kept. */
  historyDays: number;
}

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

export async function applyCheckIn(prisma: PrismaClient, deviceId: string, body: CheckInBody, options: CheckInOptions): Promise<CheckInOutcome> {
  const { now } = options;
  const bodyHash = checkInBodyHash(body);
  const policies = await loadPolicies(prisma);
  return prisma.$transaction(async (tx): Promise<CheckInOutcome> => {
    const device = await lockDeviceForCheckIn(tx, deviceId, body.checkInId);
    // Replayed before the lifecycle check: a retry of the check-in that retired the device gets its answer.
    if (device?.previous) return { kind: device.previous.bodyHash === bodyHash ? "replayed" : "conflict", checkIn: device.previous };
    if (!device || device.lifecycle !== "ACTIVE") return { kind: "not-active", lifecycle: device?.lifecycle ?? null };

    const facts = checkInFacts(body, now);
    await saveCheckInFacts(tx, deviceId, facts);
    const fired = await runTriggers(tx, device, checkInInventory(body, device.platform), facts, policies, now);
    const checkIn: CheckInRow = { deviceId, checkInId: body.checkInId.toLowerCase(), receivedAt: now, bodyHash, ...fired };
    await insertCheckIn(tx, checkIn, new Date(now.getTime() - options.historyDays * DAY_MS));
    return { kind: "applied", checkIn };
  }, CHECK_IN_TRANSACTION);
}
