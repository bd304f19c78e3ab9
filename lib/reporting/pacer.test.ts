import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer";

/** A clock that only moves when the pacer sleeps: exact, no wall-clock waits. */
function fakeTime() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), elapsed: () => t };
}

describe("Pacer", () => {
  it("lets a burst through, then spaces calls at the rate", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ writesPerSecond: 10, readsPerSecond: 100, burst: 5, ...time });
    for (let i = 0; i < 5; i++) await pacer.acquire("t", "write");
    expect(time.elapsed()).toBe(0);
    for (let i = 0; i < 10; i++) await pacer.acquire("t", "write");
    expect(time.elapsed()).toBeGreaterThanOrEqual(1000);
    expect(time.elapsed()).toBeLessThan(1100);
  });

  it("keeps tenants and kinds apart", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ writesPerSecond: 1, readsPerSecond: 1, burst: 1, ...time });
    await pacer.acquire("a", "write");
    await pacer.acquire("b", "write");
    await pacer.acquire("a", "read");
    expect(time.elapsed()).toBe(0);
  });

  it("slows down on 429 and recovers on success", () => {
    const pacer = new Pacer({ writesPerSecond: 100, readsPerSecond: 100 });
    pacer.throttled("t", "write", null);
    expect(pacer.rate("t", "write")).toBe(75);
    for (let i = 0; i < 100; i++) pacer.succeeded("t", "write");
    expect(pacer.rate("t", "write")).toBe(100);
  });

  it("pauses the tenant for Retry-After when 429s keep coming", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ writesPerSecond: 1000, readsPerSecond: 1000, ...time });
    for (let i = 0; i < 20; i++) pacer.throttled("t", "write", 2000);
    await pacer.acquire("t", "read");
    expect(time.elapsed()).toBeGreaterThanOrEqual(2000);
  });
});
