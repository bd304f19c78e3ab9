/**
 * Runs the reporting engine and the weekly-run scheduler in this process: inside the web
 * server (lib/startup.ts, REPORTING_ENGINE=inprocess) or as a worker (`npm run worker`).
 */
import type { PrismaClient } from "@prisma/client";
import type { Env } from "../env";
import type { IntuneClient } from "../intune";
import { log } from "../log";
import { createEngine, type EngineOptions, type ReportingEngine } from "./engine";
import { createReevaluator, type Reevaluator, type ReevaluatorOptions } from "./reevaluator";
import { createScheduler, type Scheduler, type SchedulerOptions } from "./scheduler";

export interface ReportingOptions {
  engine: EngineOptions;
  scheduler: SchedulerOptions;
  /** Policy changes' re-evaluations; unset: not run by this process. */
  reevaluator?: ReevaluatorOptions;
}

export function reportingOptionsFromEnv(e: Env): ReportingOptions {
  return {
    engine: {
      concurrency: e.REPORTING_CONCURRENCY,
      maxAttempts: e.REPORTING_MAX_ATTEMPTS,
      leaseMs: e.REPORTING_LEASE_MS,
      idleMs: e.REPORTING_IDLE_MS,
      pollMs: e.REPORTING_POLL_MS,
      pollMaxMs: e.REPORTING_POLL_MAX_MS,
      // Hold a report while polling for at most a third of the lease, then poll it when due.
      inlinePollMs: Math.max(e.REPORTING_POLL_MS, Math.floor(e.REPORTING_LEASE_MS / 3)),
      pollTimeoutMs: 24 * 60 * 60 * 1000,
      backoff: { baseMs: e.REPORTING_BACKOFF_BASE_MS, maxMs: e.REPORTING_BACKOFF_MAX_MS },
      writesPerSecond: e.REPORTING_WRITES_PER_SECOND,
      readsPerSecond: e.REPORTING_READS_PER_SECOND,
    },
    scheduler: { intervalMs: e.REPORTING_SCHEDULER_INTERVAL_MS, chunk: 500, window: Math.max(1000, e.REPORTING_CONCURRENCY * 4) },
    reevaluator: { intervalMs: e.REPORTING_SCHEDULER_INTERVAL_MS, chunk: 1000, window: Math.max(1000, e.REPORTING_CONCURRENCY * 4) },
  };
}

export interface RunningReporting {
  engine: ReportingEngine;
  scheduler: Scheduler;
  reevaluator: Reevaluator | null;
  stop(): Promise<void>;
}

export function startReporting(prisma: PrismaClient, client: IntuneClient, options: ReportingOptions): RunningReporting {
  const engine = createEngine(prisma, client, options.engine);
  const scheduler = createScheduler(prisma, { ...options.scheduler, onQueued: () => engine.nudge() });
  const reevaluator = options.reevaluator ? createReevaluator(prisma, { ...options.reevaluator, onQueued: () => engine.nudge() }) : null;
  engine.start();
  scheduler.start();
  reevaluator?.start();
  return {
    engine,
    scheduler,
    reevaluator,
    async stop() {
      await reevaluator?.stop();
      await scheduler.stop();
      await engine.stop();
      log.info({ component: "reporting", owner: engine.owner, ...engine.stats() }, "reporting stopped");
    },
  };
}

const holder = globalThis as unknown as { __reporting?: RunningReporting };

/** The web server's in-process engine (once per process, even across Next's dev reloads). */
export function startInProcessReporting(prisma: PrismaClient, client: IntuneClient, options: ReportingOptions): RunningReporting {
  holder.__reporting ??= startReporting(prisma, client, options);
  return holder.__reporting;
}

/**
 * Wakes this process's engine, scheduler and re-evaluator, if it runs them, after a person
 * queued work (Resync, Retire, Run now, a policy change), so it starts at once rather than at the next idle tick. Worker
 * deployments pick the work up at their next tick (REPORTING_IDLE_MS).
 */
export function nudgeInProcessReporting(): void {
  holder.__reporting?.engine.nudge();
  holder.__reporting?.scheduler.nudge();
  holder.__reporting?.reevaluator?.nudge();
}
