/**
 * Failed sign-in attempts, limited per account and per client address (fixed window,
 * in process memory: one web process per PGlite database; behind several PostgreSQL web
 * processes each enforces its own share). A success clears the account's counter.
 */
export interface LimitRule {
  max: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000 },
} as const satisfies Record<string, LimitRule>;

interface Window {
  count: number;
  resetAt: number;
}

export class FailureLimiter {
  private windows = new Map<string, Window>();
  constructor(private rule: LimitRule) {}

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) return 0;
    return w.count >= this.rule.max ? Math.ceil((w.resetAt - now) / 1000) : 0;
  }

  fail(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) this.windows.set(key, { count: 1, resetAt: now + this.rule.windowMs });
    else w.count += 1;
    if (this.windows.size > 10_000) this.sweep(now);
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

const holder = globalThis as unknown as { __signInLimiters?: { account: FailureLimiter; address: FailureLimiter } };

export function signInLimiters() {
  holder.__signInLimiters ??= { account: new FailureLimiter(SIGN_IN_LIMITS.account), address: new FailureLimiter(SIGN_IN_LIMITS.address) };
  return holder.__signInLimiters;
}
