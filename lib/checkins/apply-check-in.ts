import { createHash } from "node:crypto";
import type { Prisma, PrismaClient, ReportTrigger } from "@prisma/client";
import { insertCheckIns, lockDevicesForCheckIns, saveCheckInFacts, type CheckInFacts, type CheckInRow, type LockedDevice } from "../db/check-ins";
import { enabledPolicies } from "../db/policies";
import type { CheckInBody } from "../domain/check-in";
import { evaluateCompliance, type PolicyInput } from "../domain/compliance";
import { inventoryFingerprint, type DeviceInventory } from "../domain/inventory";
import type { Lifecycle, Platform } from "../domain/types";
import { log } from "../log";
import { applyEvaluations, recordInventory } from "../reporting/triggers";
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

export interface TriggerInput {
  device: { id: string; inventoryFingerprint: string };
  inventory: DeviceInventory;
  facts: CheckInFacts;
  now: Date;
}

export interface FiredTriggers {
  inventoryChanged: boolean;
  complianceChanged: boolean;
  triggers: ReportTrigger[];
}

/**
 * Runs the triggers for devices whose reported facts were just saved (a check-in round, or an
 * enrolment); returns per device what was queued. recordInventory is skipped when the
 * fingerprint is the stored one: it would rewrite the same fingerprinted fields and queue
 * nothing, and most check-ins change nothing. The evaluations are saved together.
 */
export async function runTriggers(tx: Prisma.TransactionClient, inputs: TriggerInput[], policies: PolicyInput[]): Promise<Map<string, FiredTriggers>> {
  const inventoryChanged = new Set<string>();
  for (const { device, inventory, now } of inputs) {
    if (inventoryFingerprint(inventory) !== device.inventoryFingerprint && (await recordInventory(tx, device.id, inventory, now))) inventoryChanged.add(device.id);
  }
  const latest = new Date(Math.max(...inputs.map((i) => i.now.getTime())));
  const fired = await applyEvaluations(
    tx,
    inputs.map(({ device, inventory, facts, now }) => ({
      deviceId: device.id,
      result: evaluateCompliance({ ...facts, platform: inventory.platform, osVersion: inventory.osVersion }, policies, now),
    })),
    latest,
  );
  return new Map(
    inputs.map(({ device }) => {
      const trigger = fired.get(device.id) ?? null;
      const changed = inventoryChanged.has(device.id);
      return [device.id, { inventoryChanged: changed, complianceChanged: trigger !== null, triggers: [...(changed ? (["INVENTORY_CHANGE"] as const) : []), ...(trigger ? [trigger] : [])] }];
    }),
  );
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
    const fired = await runTriggers(
      tx,
      toApply.map(({ item, device, facts }) => ({ device, inventory: checkInInventory(item.body, device.platform), facts, now: item.now })),
      policies,
    );
    const records = toApply.map(({ k, item }) => {
      const checkIn: CheckInRow = {
        deviceId: item.deviceId,
        checkInId: item.body.checkInId.toLowerCase(),
        receivedAt: item.now,
        bodyHash: hashes[k]!,
        ...fired.get(item.deviceId)!,
      };
      outcomes[k] = { kind: "applied", checkIn };
      return { ...checkIn, pruneBefore: new Date(item.now.getTime() - historyDays * DAY_MS) };
    });
    await insertCheckIns(tx, records);
    return outcomes;
  }, CHECK_IN_TRANSACTION);
}
