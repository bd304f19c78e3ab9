/**
 * A background loop of steps (the weekly run's scheduler, the policy re-evaluator): takes the
 * next step at once while there is work, waits `runIntervalMs` while its reports drain, and
 * `intervalMs` when idle; a nudge (a person pressed something) cuts the wait short.
 */
import { log as rootLog } from "../log";

export interface StepLoop {
  start(): void;
  stop(): Promise<void>;
  /** Take a step now instead of at the next tick. */
  nudge(): void;
}

/** What a step did: "again" takes the next one at once, "waiting" soon, "idle" at the next tick. */
export type StepOutcome = "again" | "waiting" | "idle";

export function createStepLoop(
  name: string,
  step: () => Promise<StepOutcome>,
  options: { intervalMs: number; runIntervalMs?: number },
  log = rootLog,
): StepLoop {
  let running = false;
  let loop: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  let nudged = false;

  async function run() {
    while (running) {
      let outcome: StepOutcome = "idle";
      try {
        outcome = await step();
      } catch (error) {
        log.error({ err: error }, `${name} step failed; retrying`);
      }
      if (outcome === "again" || nudged) {
        nudged = false;
        continue;
      }
      const pause = outcome === "waiting" ? Math.min(options.intervalMs, options.runIntervalMs ?? 250) : options.intervalMs;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, pause);
      });
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
    nudge() {
      nudged = true;
      if (timer) clearTimeout(timer);
      wake?.();
    },
  };
}
