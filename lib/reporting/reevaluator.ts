/**
 * Re-evaluates devices after a policy change, in the background: the oldest running
 * PolicyReevaluation is taken a chunk of devices at a time (id order), each chunk in one
 * transaction that locks its devices, evaluates them against the policies as they are now
 * (evaluateCompliance, as a check-in does), saves the evaluations and fires the triggers
 * (applyEvaluations: COMPLIANCE_CHANGE or RETIRE when the verdict changed, nothing for the
 * others) and moves the cursor. A restart continues after the cursor. Paced like the weekly
 * run: the next chunk waits while a window's worth of its reports are still outstanding, so
 * a person's resync is not stuck behind 100,000 of them. One process at a time steps
 * (a transaction-scoped PostgreSQL advisory lock).
 */
import type { PrismaClient } from "@prisma/client";
import { loadPolicies } from "../checkins/apply-check-in";
import {
  advanceReevaluation,
  evaluationPage,
  nextRunningReevaluation,
  outstandingOfReevaluation,
  tryLockReevaluator,
} from "../db/policy-reevaluations";
import { readIntegrationEnabled } from "../db/reports";
import { evaluateCompliance } from "../domain/compliance";
import { log as rootLog } from "../log";
import { createStepLoop, type StepLoop } from "./step-loop";
import { applyEvaluations } from "./triggers";

export interface ReevaluatorOptions {
  /** Between looks for work while there is none. */
  intervalMs: number;
  /** Between steps while waiting for the window. */
  runIntervalMs?: number;
  /** Devices evaluated per step (one transaction). */
  chunk: number;
  /** Most of a re-evaluation's reports outstanding before its next chunk (integration on). */
  window: number;
  /** Called after a step queued reports (the in-process engine is nudged to take them). */
  onQueued?: () => void;
}

export type ReevaluationStepResult = "locked-elsewhere" | "idle" | "waiting" | "evaluated" | "finished";

const log = rootLog.child({ component: "policy-reevaluation" });

export async function reevaluationStep(prisma: PrismaClient, options: ReevaluatorOptions, now: Date = new Date()): Promise<{ result: ReevaluationStepResult; queued: number }> {
  return prisma.$transaction(
    async (tx) => {
      if (!(await tryLockReevaluator(tx))) return { result: "locked-elsewhere" as const, queued: 0 };
      const job = await nextRunningReevaluation(tx);
      if (!job) return { result: "idle" as const, queued: 0 };
      // With the integration off nothing is sent, so nothing would free the window: verdicts are still kept current.
      if ((await readIntegrationEnabled(tx)) && (await outstandingOfReevaluation(tx, job.traceId)) >= options.window) {
        return { result: "waiting" as const, queued: 0 };
      }
      const policies = await loadPolicies(tx);
      const devices = await evaluationPage(tx, job.platforms, job.cursor, options.chunk, { lock: true });
      const items = devices.map((d) => ({ deviceId: d.id, result: evaluateCompliance(d, policies, now) }));
      const fired = await applyEvaluations(tx, items, now, { traceId: job.traceId, requestedBy: job.requestedBy });
      let changed = 0;
      let retired = 0;
      for (const trigger of fired.values()) {
        if (trigger === "COMPLIANCE_CHANGE") changed += 1;
        else if (trigger === "RETIRE") retired += 1;
      }
      const done = devices.length < options.chunk;
      await advanceReevaluation(tx, job.id, { cursor: devices.at(-1)?.id ?? null, evaluated: devices.length, changed, retired, done }, now);
      if (done) log.info({ reevaluationId: job.id, policyId: job.policyId, evaluated: job.evaluated + devices.length }, "policy re-evaluation finished");
      return { result: done ? ("finished" as const) : ("evaluated" as const), queued: changed + retired };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/** Runs every re-evaluation to its end, ignoring the window (tests, benchmarks). */
export async function runReevaluations(prisma: PrismaClient, options: Omit<ReevaluatorOptions, "window">, now?: Date): Promise<number> {
  let steps = 0;
  for (;;) {
    const { result } = await reevaluationStep(prisma, { ...options, window: Number.POSITIVE_INFINITY }, now);
    if (result === "idle") return steps;
    if (result === "locked-elsewhere") throw new Error("another process is re-evaluating");
    steps += 1;
  }
}

export type Reevaluator = StepLoop;

export function createReevaluator(prisma: PrismaClient, options: ReevaluatorOptions): Reevaluator {
  return createStepLoop(
    "policy re-evaluation",
    async () => {
      const step = await reevaluationStep(prisma, options);
      if (step.queued > 0) options.onQueued?.();
      return step.result === "evaluated" || step.result === "finished" ? "again" : step.result === "waiting" ? "waiting" : "idle";
    },
    options,
    log,
  );
}
