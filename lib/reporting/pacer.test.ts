import { describe, expect, it } from "vitest";
import { Pacer, PROBE } from "./pacer";

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

  it("splits the ceilings between the engines sending, and takes them back when the others stop", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ writesPerSecond: 10, readsPerSecond: 100, burst: 1, ...time });
    await pacer.acquire("t", "write");
    pacer.setEngines(4);
    expect([pacer.rate("t", "write"), pacer.rate("t", "read")]).toEqual([2.5, 25]);
    // Four engines at 2.5 calls/s each: 10 calls/s together, the configured ceiling.
    const start = time.elapsed();
    for (let i = 0; i < 10; i++) await pacer.acquire("t", "write");
    expect(time.elapsed() - start).toBeGreaterThanOrEqual(4000);
    // A tenant first seen later gets the share at once.
    expect(pacer.rate("u", "write")).toBe(2.5);
    pacer.setEngines(1);
    expect(pacer.rate("t", "write")).toBe(10);
    pacer.setEngines(0);
    expect(pacer.rate("t", "write")).toBe(10);
  });

  it("pauses the tenant for Retry-After when 429s keep coming", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ writesPerSecond: 1000, readsPerSecond: 1000, ...time });
    for (let i = 0; i < 20; i++) pacer.throttled("t", "write", 2000);
    await pacer.acquire("t", "read");
    expect(time.elapsed()).toBeGreaterThanOrEqual(2000);
  });
});

/**
 * A discrete-event clock: timers fire in time order and the promises they resolve run before
 * the next one fires, so a simulated minute of paced calls takes milliseconds and is exact.
 */
function simulatedTime() {
  let t = 0;
  let seq = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => void timers.push({ at: t + Math.max(0, ms), seq: seq++, resolve }));
  async function runUntil(end: number) {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      let i = -1;
      for (let j = 0; j < timers.length; j++) if (i < 0 || timers[j]!.at < timers[i]!.at || (timers[j]!.at === timers[i]!.at && timers[j]!.seq < timers[i]!.seq)) i = j;
      if (i < 0 || timers[i]!.at > end) break;
      const [next] = timers.splice(i, 1);
      t = next!.at;
      next!.resolve();
    }
    t = end;
  }
  return { now: () => t, sleep, runUntil };
}

interface Scenario {
  /** The engine's configured ceiling (writes per second). */
  ceiling: number;
  /** Microsoft's budget: `limit` writes per fixed window of `windowMs` (Retry-After: to the window's end, in whole seconds). */
  budget?: { limit: number; windowMs: number };
  /** Share of calls refused at random with Retry-After 1 s, whatever the rate. */
  randomShare?: number;
  workers: number;
  latencyMs: number;
  warmMs: number;
  measureMs: number;
}

/** `workers` report senders (acquire, PUT, outcome) against the scenario's Microsoft; counts over the measured stretch. */
async function simulate(s: Scenario) {
  const time = simulatedTime();
  const pacer = new Pacer({ writesPerSecond: s.ceiling, readsPerSecond: s.ceiling, now: time.now, sleep: time.sleep });
  const used = new Map<number, number>();
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const answer = (): number | null => {
    if (s.randomShare && random() < s.randomShare) return 1000;
    if (!s.budget) return null;
    const t = time.now();
    const start = t - (t % s.budget.windowMs);
    if ((used.get(start) ?? 0) >= s.budget.limit) return Math.max(1, Math.ceil((start + s.budget.windowMs - t) / 1000)) * 1000;
    used.set(start, (used.get(start) ?? 0) + 1);
    return null;
  };
  let measuring = false;
  let stopped = false;
  const counts = { ok: 0, refused: 0 };
  for (let w = 0; w < s.workers; w++) {
    void (async () => {
      while (!stopped) {
        await pacer.acquire("t", "write");
        const retryAfterMs = answer();
        await time.sleep(s.latencyMs);
        if (retryAfterMs === null) pacer.succeeded("t", "write");
        else pacer.throttled("t", "write", retryAfterMs);
        if (measuring) counts[retryAfterMs === null ? "ok" : "refused"]++;
      }
    })();
  }
  await time.runUntil(s.warmMs);
  measuring = true;
  await time.runUntil(s.warmMs + s.measureMs);
  measuring = false;
  stopped = true;
  return { ...counts, refusedShare: counts.refused / (counts.ok + counts.refused), perSecond: counts.ok / (s.measureMs / 1000), budgetRate: pacer.budgetRate("t", "write") };
}

describe("Pacer against Microsoft's budgets (simulated)", () => {
  const GRAPH = { limit: 200, windowMs: 20_000 }; // writes per app per tenant, Graph's Intune limit

  it("with its ceiling at the budget's rate: at least 95% of the budget used, under 1% of calls refused", async () => {
    // Measured over three whole windows (40 to 100 s); the first window starts with a burst.
    const r = await simulate({ ceiling: 10, budget: GRAPH, workers: 32, latencyMs: 5, warmMs: 40_000, measureMs: 60_000 });
    expect(r.ok / 600).toBeGreaterThanOrEqual(0.95);
    expect(r.ok).toBeLessThanOrEqual(600);
    expect(r.refusedShare).toBeLessThan(0.01);
  });

  it("learns a budget it was not told: ceiling far above (100,000/s), still at least 95% used and under 1% refused", async () => {
    // The first window is spent in a burst, then refused: it teaches the rate; measured over the next three.
    const r = await simulate({ ceiling: 100_000, budget: GRAPH, workers: 32, latencyMs: 5, warmMs: 20_000, measureMs: 60_000 });
    expect(r.ok / 600).toBeGreaterThanOrEqual(0.95);
    expect(r.refusedShare).toBeLessThan(0.01);
    expect(r.budgetRate).toBeGreaterThan(9);
    expect(r.budgetRate).toBeLessThan(11);
  });

  it("a budget below its ceiling (half of it: another app takes the rest of the tenant's) is found and kept to", async () => {
    const r = await simulate({ ceiling: 20, budget: GRAPH, workers: 32, latencyMs: 5, warmMs: 40_000, measureMs: 120_000 });
    expect(r.ok / 1200).toBeGreaterThanOrEqual(0.95);
    expect(r.refusedShare).toBeLessThan(0.01);
  });

  it("passing 429s scattered among successes (10%, as the emulator's fault injection draws them) never pause it nor teach a budget", async () => {
    const base = await simulate({ ceiling: 100_000, workers: 8, latencyMs: 150, warmMs: 5000, measureMs: 60_000 });
    const faults = await simulate({ ceiling: 100_000, randomShare: 0.1, workers: 8, latencyMs: 150, warmMs: 5000, measureMs: 60_000 });
    expect(faults.budgetRate).toBeNull();
    expect(faults.perSecond).toBeGreaterThanOrEqual(base.perSecond * 0.85); // the 10% refused, nothing more
    const fast = await simulate({ ceiling: 100_000, randomShare: 0.1, workers: 32, latencyMs: 20, warmMs: 5000, measureMs: 30_000 });
    expect(fast.budgetRate).toBeNull();
    expect(fast.perSecond).toBeGreaterThanOrEqual(1600 * 0.85);
  });

  it("a spent window: pauses the tenant until Retry-After, cuts the rate once (not once per call that was in flight), restarts without a burst", async () => {
    const time = fakeTime();
    const pacer = new Pacer({ writesPerSecond: 1000, readsPerSecond: 1000, ...time });
    for (let i = 0; i < 100; i++) pacer.succeeded("t", "write");
    time.sleep(9000); // 100 successes over the window's first 9 s
    for (let i = 0; i < 10; i++) pacer.throttled("t", "write", 1000); // refused at once: the window is spent
    const learned = pacer.rate("t", "write");
    expect(learned).toBeCloseTo(10, 0); // 100 successes over 10 s (9 s, then 1 s of Retry-After)
    expect(pacer.budgetRate("t", "write")).toBe(learned);
    for (let i = 0; i < 20; i++) pacer.throttled("t", "write", 1000); // the rest of the calls that were in flight
    expect(pacer.rate("t", "write")).toBe(learned);
    const before = time.elapsed();
    await pacer.acquire("t", "read"); // the tenant waits, reads too
    expect(time.elapsed() - before).toBeGreaterThanOrEqual(1000);
    await pacer.acquire("t", "write"); // one call at once after the pause...
    const resumed = time.elapsed();
    await pacer.acquire("t", "write"); // ...then the learned rate, no burst
    expect(time.elapsed() - resumed).toBeGreaterThanOrEqual(90);
  });

  it("probes a learned rate upward once per learned window", () => {
    const time = fakeTime();
    const pacer = new Pacer({ writesPerSecond: 1000, readsPerSecond: 1000, ...time });
    for (let i = 0; i < 100; i++) pacer.succeeded("t", "write");
    time.sleep(9000);
    for (let i = 0; i < 10; i++) pacer.throttled("t", "write", 1000);
    const learned = pacer.budgetRate("t", "write")!;
    time.sleep(1000);
    for (let i = 0; i < 100; i++) pacer.succeeded("t", "write");
    expect(pacer.budgetRate("t", "write")).toBe(learned); // not a whole window yet
    time.sleep(10_000);
    pacer.succeeded("t", "write");
    expect(pacer.budgetRate("t", "write")).toBeCloseTo(learned * (1 + PROBE), 6);
    expect(pacer.rate("t", "write")).toBeLessThanOrEqual(learned * (1 + PROBE));
  });
});
