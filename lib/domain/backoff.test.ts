import { describe, expect, it } from "vitest";
import { backoffDelay, retryDelay } from "./backoff";

const policy = { baseMs: 100, maxMs: 1000 };

describe("backoffDelay", () => {
  it("doubles per attempt up to the ceiling, with half of it jittered", () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, policy, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(1000, policy, () => 0.5)).toBe(750);
  });

  it("treats attempt 0 or less like the first", () => {
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
  });
});

describe("retryDelay", () => {
  it("honours a Retry-After longer than the backoff", () => {
    expect(retryDelay(1, 5000, policy, () => 1)).toBe(5000);
  });
  it("keeps the backoff when Retry-After is shorter or absent", () => {
    expect(retryDelay(4, 10, policy, () => 1)).toBe(800);
    expect(retryDelay(4, null, policy, () => 1)).toBe(800);
  });
});
