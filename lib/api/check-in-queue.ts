import type { PrismaClient } from "@prisma/client";
import { applyCheckIns, type CheckInItem, type CheckInOutcome } from "../checkins/apply-check-in";
import { log } from "../log";
import { createBatcher } from "../reporting/batcher";
import { readDeviceStates } from "./device-state";
import type { DeviceState } from "./schemas";

/**
 * Check-ins arriving together are applied together (group commit): while one round's
 * transaction runs, the next fills, so under load a check-in costs a share of a few statements
 * rather than a dozen of its own, and an idle server answers a lone check-in at once plus
 * `maxWaitMs`. Each check-in's answer is its own: its outcome and, when applied or replayed,
 * what the server now believes about the device (read for the whole round in one statement).
 * A round that fails is applied again one check-in at a time, so one bad check-in fails alone.
 */
export interface CheckInAnswer {
  outcome: CheckInOutcome;
  /** Null: not applied, or the device is gone. */
  state: DeviceState | null;
}

export type CheckInQueue = (item: CheckInItem) => Promise<CheckInAnswer>;

type Settled = { ok: true; answer: CheckInAnswer } | { ok: false; error: unknown };

export function createCheckInQueue(prisma: PrismaClient, options: { historyDays: number; maxBatch?: number; maxWaitMs?: number }): CheckInQueue {
  async function answer(items: CheckInItem[]): Promise<Settled[]> {
    const outcomes = await applyCheckIns(prisma, items, options);
    const shown = outcomes.flatMap((o, k) => (o.kind === "applied" || o.kind === "replayed" ? [items[k]!.deviceId] : []));
    const states = await readDeviceStates(prisma, shown);
    return outcomes.map((outcome, k) => ({
      ok: true,
      answer: { outcome, state: outcome.kind === "applied" || outcome.kind === "replayed" ? (states.get(items[k]!.deviceId) ?? null) : null },
    }));
  }
  const batcher = createBatcher<CheckInItem, Settled>(
    async (items) => {
      try {
        return await answer(items);
      } catch (error) {
        if (items.length === 1) return [{ ok: false, error }];
        log.warn({ err: error, checkIns: items.length }, "a round of check-ins failed; applying them one at a time");
        const settled: Settled[] = [];
        for (const item of items) settled.push(await answer([item]).then(([s]) => s!, (e: unknown) => ({ ok: false, error: e })));
        return settled;
      }
    },
    { maxBatch: options.maxBatch ?? 100, maxWaitMs: options.maxWaitMs ?? 1 },
  );
  return async (item) => {
    const settled = await batcher.add(item);
    if (!settled.ok) throw settled.error;
    return settled.answer;
  };
}
