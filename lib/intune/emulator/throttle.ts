/**
 * Throttling budgets, modelled on Graph's published Intune limits (intune-protocol.md,
 * "Limits and throttling"): writes 200 per 20 s per app per tenant, 400 per 20 s per
 * tenant, 130,000 requests per 10 s per app. Fixed windows: simple, and the Retry-After they
 * give (seconds to the window's end) is exactly when a retry will pass.
 */

export interface Budget {
  limit: number;
  windowMs: number;
}

export interface Budgets {
  /** Writes (PUT/POST/PATCH/DELETE) of one app in one tenant. */
  appTenantWrites: Budget | null;
  /** Writes in one tenant, all apps together. */
  tenantWrites: Budget | null;
  /** Every request of one app, all tenants together. */
  appRequests: Budget | null;
}

export const DEFAULT_BUDGETS: Budgets = {
  appTenantWrites: { limit: 200, windowMs: 20_000 },
  tenantWrites: { limit: 400, windowMs: 20_000 },
  appRequests: { limit: 130_000, windowMs: 10_000 },
};

export const NO_BUDGETS: Budgets = { appTenantWrites: null, tenantWrites: null, appRequests: null };

export type ThrottleVerdict = { ok: true } | { ok: false; budget: keyof Budgets; retryAfterSec: number };

export class Throttle {
  private windows = new Map<string, { start: number; used: number }>();

  constructor(
    private budgets: Budgets,
    private readonly now: () => number,
  ) {}

  set(budgets: Partial<Budgets>) {
    this.budgets = { ...this.budgets, ...budgets };
    this.windows.clear();
  }

  /** Counts the request if every applicable budget has room; a refused request uses none. */
  take(request: { appId: string; tenantId: string; write: boolean }): ThrottleVerdict {
    const now = this.now();
    const applicable: [keyof Budgets, string][] = [["appRequests", `r:${request.appId}`]];
    if (request.write) {
      applicable.push(["appTenantWrites", `w:${request.appId}:${request.tenantId}`], ["tenantWrites", `t:${request.tenantId}`]);
    }
    const slots: { start: number; used: number }[] = [];
    for (const [name, key] of applicable) {
      const budget = this.budgets[name];
      if (!budget) continue;
      const start = now - (now % budget.windowMs);
      let slot = this.windows.get(key);
      if (!slot || slot.start !== start) {
        slot = { start, used: 0 };
        this.windows.set(key, slot);
      }
      if (slot.used >= budget.limit) {
        return { ok: false, budget: name, retryAfterSec: Math.max(1, Math.ceil((start + budget.windowMs - now) / 1000)) };
      }
      slots.push(slot);
    }
    for (const slot of slots) slot.used++;
    return { ok: true };
  }
}
