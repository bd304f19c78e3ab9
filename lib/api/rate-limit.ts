/**
 * Check-ins per device: a token bucket holding `perMinute` check-ins, refilled at `perMinute`
 * per minute. Kept in this process's memory: right for the embedded database (one web
 * process) and for one PostgreSQL web process; behind several web processes each enforces
 * the limit on the requests it receives, so a device may get up to N times the rate. A
 * shared limit would need a shared store (PostgreSQL or Redis), which this does not have.
 */
export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the next check-in is allowed (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class CheckInRateLimiter {
  private buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(readonly perMinute: number) {
    if (!(perMinute > 0)) throw new Error("perMinute must be positive");
    this.refillPerMs = perMinute / 60_000;
  }

  take(key: string, now = Date.now()): RateDecision {
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.refillPerMs);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      if (this.buckets.size > 100_000) this.sweep(now);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    this.buckets.set(key, { tokens, at: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000)) };
  }

  /** Forgets full buckets (a device idle long enough is back to a full bucket anyway). */
  private sweep(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.refillPerMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}
