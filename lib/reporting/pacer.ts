/**
 * Pacing of calls to Microsoft: one token bucket per tenant and kind of call (writes =
 * DataUploadMessages PUTs, reads = status polls), so the engine stays under Microsoft's
 * budgets instead of hammering and backing off. The rate adapts (AIMD): each 429 cuts it,
 * each success raises it slowly back toward the ceiling; 429s with no success in between
 * (over several Retry-After windows' worth of calls) pause the tenant until Retry-After has
 * passed: its budget window is spent. Sporadic 429s only slow it down.
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
}

const DECREASE = 0.75;
const CONSECUTIVE_429_PAUSE = 20;

export class Pacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly throttledInARow = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PacerOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private bucket(tenant: string, kind: CallKind): Bucket {
    const key = `${tenant}/${kind}`;
    let b = this.buckets.get(key);
    if (!b) {
      const max = kind === "write" ? this.options.writesPerSecond : this.options.readsPerSecond;
      b = { rate: max, max, tokens: this.burst(max), updated: this.now(), tail: Promise.resolve() };
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

  /** A call answered without throttling: the rate creeps back up. */
  succeeded(tenant: string, kind: CallKind) {
    const b = this.bucket(tenant, kind);
    this.throttledInARow.set(tenant, 0);
    b.rate = Math.min(b.max, b.rate + b.max / 50);
  }

  /** A 429: slow down, and pause the tenant when it keeps happening. */
  throttled(tenant: string, kind: CallKind, retryAfterMs: number | null) {
    const b = this.bucket(tenant, kind);
    b.rate = Math.max(this.options.minPerSecond ?? 0.2, b.rate * DECREASE);
    b.tokens = Math.min(b.tokens, 0);
    const inARow = (this.throttledInARow.get(tenant) ?? 0) + 1;
    this.throttledInARow.set(tenant, inARow);
    if (inARow >= CONSECUTIVE_429_PAUSE && retryAfterMs) {
      this.pausedUntil.set(tenant, Math.max(this.pausedUntil.get(tenant) ?? 0, this.now() + retryAfterMs));
    }
  }

  /** Current rate (calls per second), for logs and tests. */
  rate(tenant: string, kind: CallKind): number {
    return this.bucket(tenant, kind).rate;
  }
}
