import { describe, expect, it } from "vitest";
import { CheckInRateLimiter } from "./rate-limit";

describe("check-in rate limit", () => {
  it("allows a minute's worth at once, then one per 60/perMinute seconds, per device", () => {
    const limiter = new CheckInRateLimiter(6);
    const t0 = 1_000_000;
    for (let i = 0; i < 6; i++) expect(limiter.take("a", t0).allowed).toBe(true);
    expect(limiter.take("a", t0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take("b", t0).allowed).toBe(true);
    expect(limiter.take("a", t0 + 4_000)).toEqual({ allowed: false, retryAfterSeconds: 6 });
    expect(limiter.take("a", t0 + 10_000).allowed).toBe(true);
    expect(limiter.take("a", t0 + 10_000).allowed).toBe(false);
    // An idle device is back to a full bucket, never more.
    for (let i = 0; i < 6; i++) expect(limiter.take("a", t0 + 3_600_000).allowed).toBe(true);
    expect(limiter.take("a", t0 + 3_600_000).allowed).toBe(false);
  });

  it("says at least one second, and refuses a zero rate", () => {
    const limiter = new CheckInRateLimiter(100_000);
    for (let i = 0; i < 100_000; i++) limiter.take("a", 0);
    expect(limiter.take("a", 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(() => new CheckInRateLimiter(0)).toThrow();
  });
});
