/**
 * Fault injection for the emulator: shares of 5xx answers, 429s, dropped connections, slow
 * answers, 401s on fresh tokens and Failed message statuses, drawn from a seeded generator
 * so a run can be repeated; plus forced faults ("the next partner call answers 503") that
 * make tests deterministic without relying on chance.
 */

export const FAULT_KINDS = ["serverError", "throttle", "drop", "slow", "unauthorized", "failedStatus"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  /** Share (0..1) of resource calls answered 503. */
  serverError: number;
  /** Share answered 429 with Retry-After (independent of the throttling budgets). */
  throttle: number;
  /** Share whose connection is destroyed without an answer. */
  drop: number;
  /** Share answered only after slowMs. */
  slow: number;
  /** Share of first uses of a newly issued token answered 401. */
  unauthorized: number;
  /** Share of accepted DataUploadMessages whose status ends Failed. */
  failedStatus: number;
  slowMs: number;
  /** Retry-After (seconds) of injected 429s. */
  retryAfterSec: number;
  seed: number;
}

export const NO_FAULTS: FaultConfig = {
  serverError: 0,
  throttle: 0,
  drop: 0,
  slow: 0,
  unauthorized: 0,
  failedStatus: 0,
  slowMs: 3000,
  retryAfterSec: 1,
  seed: 1,
};

/** Where a forced fault applies: Graph, the partner APIs, either ("resource"), or the token endpoint. */
export type FaultScope = "resource" | "graph" | "partner" | "token";

/** Parses INTUNE_EMULATOR_FAULTS, e.g. "serverError=0.05,throttle=0.02,seed=7". */
export function parseFaultSpec(spec: string | undefined): Partial<FaultConfig> {
  if (!spec?.trim()) return {};
  const out: Partial<Record<keyof FaultConfig, number>> = {};
  for (const part of spec.split(",")) {
    const [rawKey, rawValue] = part.split("=").map((s) => s.trim());
    const key = rawKey as keyof FaultConfig;
    const value = Number(rawValue);
    if (!(key in NO_FAULTS)) throw new Error(`INTUNE_EMULATOR_FAULTS: unknown setting "${rawKey}" (known: ${Object.keys(NO_FAULTS).join(", ")})`);
    if (!Number.isFinite(value) || value < 0) throw new Error(`INTUNE_EMULATOR_FAULTS: ${rawKey} must be a number >= 0`);
    if ((FAULT_KINDS as readonly string[]).includes(key) && value > 1) throw new Error(`INTUNE_EMULATOR_FAULTS: ${rawKey} is a share between 0 and 1`);
    out[key] = value;
  }
  return out;
}

/** mulberry32: tiny, fast, and good enough to spread faults evenly. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const scopeMatches = (want: FaultScope, actual: "graph" | "partner" | "token") =>
  want === actual || (want === "resource" && actual !== "token");

export class FaultInjector {
  private config: FaultConfig;
  private random: () => number;
  private forced: { kind: FaultKind; scope: FaultScope }[] = [];
  readonly injected: Record<FaultKind, number> = { serverError: 0, throttle: 0, drop: 0, slow: 0, unauthorized: 0, failedStatus: 0 };

  constructor(config: Partial<FaultConfig> = {}) {
    this.config = { ...NO_FAULTS, ...config };
    this.random = seeded(this.config.seed);
  }

  get settings(): Readonly<FaultConfig> {
    return this.config;
  }

  set(config: Partial<FaultConfig>) {
    const reseed = config.seed !== undefined && config.seed !== this.config.seed;
    this.config = { ...this.config, ...config };
    if (reseed) this.random = seeded(this.config.seed);
  }

  /** The next `count` matching requests get this fault, whatever the shares say. */
  force(kind: FaultKind, { count = 1, scope = "resource" as FaultScope } = {}) {
    for (let i = 0; i < count; i++) this.forced.push({ kind, scope });
  }

  private takeForced(kinds: readonly FaultKind[], scope: "graph" | "partner" | "token"): FaultKind | null {
    const i = this.forced.findIndex((f) => kinds.includes(f.kind) && scopeMatches(f.scope, scope));
    if (i < 0) return null;
    const [hit] = this.forced.splice(i, 1);
    return hit!.kind;
  }

  private count(kind: FaultKind | null) {
    if (kind) this.injected[kind]++;
    return kind;
  }

  /** Before authentication: a dropped connection, a 503, a 429, or a slow answer. */
  drawTransport(scope: "graph" | "partner" | "token"): "drop" | "serverError" | "throttle" | "slow" | null {
    const forced = this.takeForced(["drop", "serverError", "throttle", "slow"], scope);
    if (forced) return this.count(forced) as "drop" | "serverError" | "throttle" | "slow";
    // Random faults hit Graph and the partner APIs only: MSAL remembers token-endpoint 5xx/429s
    // for a while, which would turn a share into an outage. Force them to test that path.
    if (scope === "token") return null;
    const c = this.config;
    for (const kind of ["drop", "serverError", "throttle", "slow"] as const) {
      if (c[kind] > 0 && this.random() < c[kind]) return this.count(kind) as typeof kind;
    }
    return null;
  }

  /** After authentication: a 401 for a token seen for the first time (or forced). */
  drawUnauthorized(scope: "graph" | "partner", freshToken: boolean): boolean {
    if (this.takeForced(["unauthorized"], scope)) return !!this.count("unauthorized");
    return freshToken && this.config.unauthorized > 0 && this.random() < this.config.unauthorized && !!this.count("unauthorized");
  }

  drawFailedStatus(): boolean {
    if (this.takeForced(["failedStatus"], "partner")) return !!this.count("failedStatus");
    return this.config.failedStatus > 0 && this.random() < this.config.failedStatus && !!this.count("failedStatus");
  }
}
