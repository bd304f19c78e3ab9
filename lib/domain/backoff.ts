/**
 * How long a report waits before its next attempt: exponential backoff with jitter, never
 * shorter than the Retry-After Microsoft asked for. Pure: the caller passes the random source.
 */

export interface BackoffPolicy {
  /** Delay before the 2nd attempt (before jitter). */
  baseMs: number;
  /** Ceiling of the exponential part. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 };

/**
 * Delay after `attempt` failed attempts (1 = the first failed). "Equal jitter": half the
 * exponential delay is kept, the other half is random, so retries of many reports that failed
 * together spread out without any of them retrying almost at once.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After wins when it asks for longer than the backoff would wait. */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.max(backoffDelay(attempt, policy, random), retryAfterMs ?? 0);
}
