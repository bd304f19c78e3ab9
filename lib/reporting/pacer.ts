/**
 * Pacing of calls to Microsoft: one token bucket per tenant and kind of call (writes =
 * DataUploadMessages PUTs, reads = status polls), so the engine stays under Microsoft's
 * budgets instead of hammering and backing off. The rate adapts (AIMD): each 429 cuts it,
 * each success raises it slowly back toward the ceiling. Sporadic 429s only slow it down.
 *
 * A budget window that is spent shows as 429s in a row on one kind of call (counted per kind:
 * reads succeeding meanwhile say nothing about the write budget) in a window that refused
 * nothing before. Then the tenant pauses until Retry-After has passed (the window's end), the
 * answers of the calls still in flight only extend the pause, and the pacer learns the budget's
 * rate: the window's successes over its length (from its first success to the end of
 * Retry-After). It paces at that rate from then on, starting the next window with one call
 * rather than a burst, so each window is spread over its whole length instead of spent in a
 * burst and refused for the rest; the learned rate is probed upward by PROBE once per learned
 * window and learned again at the next spent window. This matters whenever the configured
 * ceiling is above the real budget (an unknown budget, or other apps sharing the tenant's):
 * without it every window ended in a storm of 429s (bench:reporting, "unknown" scenario).
 *
 * The configured ceilings are the whole deployment's: when several engines (worker processes)
 * send for one tenant, each paces at its share (setEngines), so together they stay under them.
 */

export type CallKind = "write" | "read";

export interface PacerOptions {
  /** Ceiling and starting rate, calls per second per tenant. */
  writesPerSecond: number;
  readsPerSecond: number;
  /** Calls allowed at once after an idle time. */
  burst?: number;
  /** Floor of the adapted rate. */
  minPerSecond?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Bucket {
  rate: number;
  max: number;
  tokens: number;
  updated: number;
  /** Calls wait behind this (FIFO). */
  tail: Promise<void>;
  /** 429s in a row on this bucket, since when, and whether they were taken for a spent window. */
  throttledInARow: number;
  streakStart: number;
  spent: boolean;
  /** The budget's rate as learned from the last spent window (calls per second); null: none learned. */
  budgetRate: number | null;
  /** That window's length, and when the learned rate was set or last probed upward. */
  budgetWindowMs: number;
  budgetAt: number;
  /** The current window: its first success, its successes and its 429s so far. */
  windowStart: number | null;
  windowSuccesses: number;
  windowThrottled: number;
}

const DECREASE = 0.75;
/**
 * 429s in a row (with Retry-After) on one kind of call that mean its budget window is spent:
 * SPENT_IN_A_ROW of them over at least SPENT_SPAN_MS (a paced engine's calls are spread out), or
 * SPENT_IN_A_ROW_AT_ONCE however quick (calls in flight together). Passing refusals (429s drawn at
 * random, as the emulator's fault injection does) rarely come three in a row, and when they do
 * it is within a few ms of each other at a high call rate.
 */
export const SPENT_IN_A_ROW = 3;
export const SPENT_SPAN_MS = 100;
export const SPENT_IN_A_ROW_AT_ONCE = 10;
/**
 * A budget refuses nothing until its window is spent: a window whose earlier calls were refused
 * here and there (more than this share of its successes, or 2) is not a spent budget but passing
 * refusals, and teaches nothing; only a long run of them (PAUSE_IN_A_ROW) still pauses the tenant.
 */
const SCATTERED_SHARE = 0.02;
const PAUSE_IN_A_ROW = 20;
/** Successes a window needs before its rate is learned (fewer say too little). */
const LEARN_MIN_SUCCESSES = 10;
/** Upward probe of a learned budget rate, once per learned window. */
export const PROBE = 0.05;

export class Pacer {
  private readonly buckets = new Map<string, Bucket & { kind: CallKind }>();
  /** Engines sharing the ceilings (this one included). */
  private engines = 1;
  private readonly pausedUntil = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private ceiling(kind: CallKind): number {
    return (kind === "write" ? this.options.writesPerSecond : this.options.readsPerSecond) / this.engines;
  }

  private bucket(tenant: string, kind: CallKind): Bucket {
    const key = `${tenant}/${kind}`;
    let b = this.buckets.get(key);
    if (!b) {
      const max = this.ceiling(kind);
      b = {
        kind,
        rate: max,
        max,
        tokens: this.burst(max),
        updated: this.now(),
        tail: Promise.resolve(),
        throttledInARow: 0,
        streakStart: 0,
        spent: false,
        budgetRate: null,
        budgetWindowMs: 0,
        budgetAt: 0,
        windowStart: null,
        windowSuccesses: 0,
        windowThrottled: 0,
      };
      this.buckets.set(key, b);
    }
    return b;
  }

  private burst(rate: number) {
    return Math.max(1, this.options.burst ?? Math.ceil(rate));
  }

  private refill(b: Bucket) {
    const now = this.now();
    b.tokens = Math.min(this.burst(b.rate), b.tokens + ((now - b.updated) / 1000) * b.rate);
    b.updated = now;
  }

  /** Waits for a token (callers are served in order). */
  acquire(tenant: string, kind: CallKind): Promise<void> {
    const b = this.bucket(tenant, kind);
    const turn = b.tail.then(async () => {
      for (;;) {
        const pause = (this.pausedUntil.get(tenant) ?? 0) - this.now();
        if (pause > 0) {
          await this.sleep(pause);
          continue;
        }
        this.refill(b);
        if (b.tokens >= 1) {
          b.tokens -= 1;
          return;
        }
        await this.sleep(Math.max(1, Math.ceil(((1 - b.tokens) / b.rate) * 1000)));
      }
    });
    b.tail = turn.catch(() => {});
    return turn;
  }

  /** A call answered without throttling: the rate creeps back up (to the learned budget rate, if any). */
  succeeded(tenant: string, kind: CallKind) {
    const b = this.bucket(tenant, kind);
    const now = this.now();
    b.throttledInARow = 0;
    b.spent = false;
    b.windowStart ??= now;
    b.windowSuccesses++;
    if (b.budgetRate !== null && now - b.budgetAt >= b.budgetWindowMs) {
      // A whole learned window without its budget running out: try a little faster.
      b.budgetRate = b.budgetRate * (1 + PROBE);
      b.budgetAt = now;
      if (b.budgetRate >= b.max) b.budgetRate = null;
    }
    const ceiling = b.budgetRate ?? b.max;
    b.rate = Math.min(ceiling, b.rate + ceiling / 50);
  }

  /** A 429: slow down; when they come in a row the budget window is spent: pause the tenant and learn the budget's rate. */
  throttled(tenant: string, kind: CallKind, retryAfterMs: number | null) {
    const b = this.bucket(tenant, kind);
    const now = this.now();
    b.tokens = Math.min(b.tokens, 0);
    if (b.throttledInARow++ === 0) b.streakStart = now;
    const until = now + (retryAfterMs ?? 0);
    if (b.spent) {
      // More answers of the window already known spent (calls that were in flight): wait longer, no further cut.
      if (retryAfterMs) this.pausedUntil.set(tenant, Math.max(this.pausedUntil.get(tenant) ?? 0, until));
      return;
    }
    b.windowThrottled++;
    b.rate = Math.max(this.options.minPerSecond ?? 0.2, b.rate * DECREASE);
    const streak =
      retryAfterMs !== null &&
      retryAfterMs > 0 &&
      b.throttledInARow >= SPENT_IN_A_ROW &&
      (b.throttledInARow >= SPENT_IN_A_ROW_AT_ONCE || now - b.streakStart >= SPENT_SPAN_MS);
    const clean = b.windowThrottled - b.throttledInARow <= Math.max(2, SCATTERED_SHARE * b.windowSuccesses);
    const spent = streak && (clean || b.throttledInARow >= PAUSE_IN_A_ROW);
    if (!spent) return;
    b.spent = true;
    this.pausedUntil.set(tenant, Math.max(this.pausedUntil.get(tenant) ?? 0, until));
    // The next window starts with one call, then the rate: no burst that would spend it early.
    b.tokens = 1;
    b.updated = Math.max(b.updated, until);
    if (clean && b.windowStart !== null && b.windowSuccesses >= LEARN_MIN_SUCCESSES) {
      const windowMs = until - b.windowStart;
      const learned = Math.max(this.options.minPerSecond ?? 0.2, (b.windowSuccesses * 1000) / windowMs);
      b.rate = Math.min(learned, b.max);
      b.budgetRate = learned < b.max ? learned : null;
      b.budgetWindowMs = windowMs;
      b.budgetAt = until;
    }
    b.windowStart = null;
    b.windowSuccesses = 0;
    b.windowThrottled = 0;
  }

  /**
   * `engines` engines (this one included) now send for the same tenants: the ceilings are split
   * evenly between them, and the current and learned rates scaled by the change (an engine's
   * learned budget rate is its part of the budget).
   */
  setEngines(engines: number) {
    const n = Math.max(1, Math.floor(engines));
    if (n === this.engines) return;
    const factor = this.engines / n;
    this.engines = n;
    for (const b of this.buckets.values()) {
      b.max = this.ceiling(b.kind);
      b.rate = Math.min(b.max, b.rate * factor);
      if (b.budgetRate !== null) b.budgetRate = b.budgetRate * factor < b.max ? b.budgetRate * factor : null;
      b.tokens = Math.min(b.tokens, this.burst(b.rate));
    }
  }

  /** Current rate (calls per second), for logs and tests. */
  rate(tenant: string, kind: CallKind): number {
    return this.bucket(tenant, kind).rate;
  }

  /** The budget rate learned from the last spent window, or null. */
  budgetRate(tenant: string, kind: CallKind): number | null {
    return this.bucket(tenant, kind).budgetRate;
  }
}
