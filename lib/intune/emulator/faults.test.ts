import { describe, expect, it } from "vitest";
import { FaultInjector, parseFaultSpec } from "./faults";
import { Throttle } from "./throttle";

describe("fault injection", () => {
  it("parses INTUNE_EMULATOR_FAULTS and names what is wrong", () => {
    expect(parseFaultSpec("serverError=0.05, throttle=0.02,seed=7,slowMs=1500")).toEqual({ serverError: 0.05, throttle: 0.02, seed: 7, slowMs: 1500 });
    expect(parseFaultSpec(undefined)).toEqual({});
    expect(() => parseFaultSpec("fivexx=0.1")).toThrow(/INTUNE_EMULATOR_FAULTS: unknown setting "fivexx"/);
    expect(() => parseFaultSpec("drop=2")).toThrow(/share between 0 and 1/);
  });

  it("draws the same faults for the same seed, close to the configured shares", () => {
    const draw = () => {
      const f = new FaultInjector({ serverError: 0.1, throttle: 0.05, drop: 0.02, seed: 42 });
      return Array.from({ length: 10_000 }, () => f.drawTransport("partner"));
    };
    const a = draw();
    expect(draw()).toEqual(a);
    const share = (k: string) => a.filter((x) => x === k).length / a.length;
    expect(share("drop")).toBeCloseTo(0.02, 2);
    expect(share("serverError")).toBeGreaterThan(0.08);
    expect(share("serverError")).toBeLessThan(0.12);
    expect(share("throttle")).toBeGreaterThan(0.03);
  });

  it("never injects random faults at the token endpoint, only forced ones", () => {
    const f = new FaultInjector({ serverError: 1 });
    expect(f.drawTransport("token")).toBeNull();
    f.force("serverError", { scope: "token" });
    expect(f.drawTransport("graph")).toBe("serverError"); // the share still applies to Graph
    expect(f.drawTransport("token")).toBe("serverError"); // the forced one waited for its scope
  });

  it("applies forced faults in order, to their scope only", () => {
    const f = new FaultInjector();
    f.force("throttle", { scope: "partner", count: 2 });
    f.force("drop");
    expect(f.drawTransport("graph")).toBe("drop");
    expect(f.drawTransport("partner")).toBe("throttle");
    expect(f.drawTransport("partner")).toBe("throttle");
    expect(f.drawTransport("partner")).toBeNull();
    expect(f.injected).toMatchObject({ throttle: 2, drop: 1 });
  });

  it("rejects only fresh tokens with the unauthorized share", () => {
    const f = new FaultInjector({ unauthorized: 1 });
    expect(f.drawUnauthorized("partner", true)).toBe(true);
    expect(f.drawUnauthorized("partner", false)).toBe(false);
  });
});

describe("throttling budgets", () => {
  it("refuses past the limit until the window ends, with Retry-After to its end", () => {
    let now = 1_000_000_000_000; // a multiple of 20 s
    const t = new Throttle({ appTenantWrites: { limit: 2, windowMs: 20_000 }, tenantWrites: null, appRequests: null }, () => now);
    const w = { appId: "app", tenantId: "t1", write: true };
    expect(t.take(w).ok).toBe(true);
    expect(t.take(w).ok).toBe(true);
    now += 5_000;
    expect(t.take(w)).toEqual({ ok: false, budget: "appTenantWrites", retryAfterSec: 15 });
    expect(t.take({ ...w, tenantId: "t2" }).ok).toBe(true); // per tenant
    expect(t.take({ ...w, write: false }).ok).toBe(true); // reads are not writes
    now += 15_000;
    expect(t.take(w).ok).toBe(true);
  });

  it("counts a tenant's writes across apps and every request of an app", () => {
    const now = 0;
    const t = new Throttle({ appTenantWrites: null, tenantWrites: { limit: 1, windowMs: 1000 }, appRequests: { limit: 3, windowMs: 1000 } }, () => now);
    expect(t.take({ appId: "a", tenantId: "t", write: true }).ok).toBe(true);
    expect(t.take({ appId: "b", tenantId: "t", write: true })).toMatchObject({ ok: false, budget: "tenantWrites" });
    expect(t.take({ appId: "a", tenantId: "t", write: false }).ok).toBe(true);
    expect(t.take({ appId: "a", tenantId: "t", write: false }).ok).toBe(true);
    expect(t.take({ appId: "a", tenantId: "t", write: false })).toMatchObject({ ok: false, budget: "appRequests", retryAfterSec: 1 });
  });
});
