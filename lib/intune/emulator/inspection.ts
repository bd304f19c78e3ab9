/**
 * The emulator's inspection and control API, for tests, the load generator and the UI's
 * emulated mode: what messages arrived, what each device now looks like to Entra ID, the
 * counters; and the knobs (faults, completion delay, budgets, provisioning failure). The
 * same interface works in-process (direct) and against an emulator in another process
 * (over its /_emulator HTTP routes).
 */
import { createTransport } from "../http";
import type { EmulatorContext, EmulatorStats } from "./context";
import type { FaultConfig, FaultKind, FaultScope } from "./faults";
import type { EmulatedDevice, StoredMessage } from "./state";
import type { Budgets } from "./throttle";
import { INSPECT_PREFIX } from "./layout";

export type InspectedMessage = Omit<StoredMessage, "completeAt" | "willFail" | "bodyHash">;

export interface InspectedStats extends EmulatorStats {
  faultsInjected: Record<FaultKind, number>;
  faults: FaultConfig;
  completionDelayMs: number;
}

export interface ListOptions {
  tenantId?: string;
  deviceId?: string;
  /** Newest first; default 100. */
  limit?: number;
}

export interface EmulatorInspection {
  stats(): Promise<InspectedStats>;
  messages(options?: ListOptions): Promise<InspectedMessage[]>;
  message(messageId: string, tenantId?: string): Promise<InspectedMessage | null>;
  devices(options?: ListOptions): Promise<EmulatedDevice[]>;
  device(deviceId: string, tenantId?: string): Promise<EmulatedDevice | null>;
  tenant(tenantId?: string): Promise<{ provisioned: number; enrollmentUrl?: string; remediationUrl?: string } | null>;
}

export interface EmulatorControl {
  setFaults(faults: Partial<FaultConfig>): Promise<void>;
  forceFault(kind: FaultKind, options?: { count?: number; scope?: FaultScope }): Promise<void>;
  setCompletionDelay(ms: number): Promise<void>;
  setBudgets(budgets: Partial<Budgets>): Promise<void>;
  /** Non-null: PartnerTenants answers 200 with Provisioned:0 and this ErrorDetail. */
  setProvisioningError(detail: string | null): Promise<void>;
  reset(): Promise<void>;
}

const publicMessage = (m: StoredMessage): InspectedMessage => ({
  messageId: m.messageId,
  tenantId: m.tenantId,
  appId: m.appId,
  receivedAt: m.receivedAt,
  uploadTime: m.uploadTime,
  deviceIds: m.deviceIds,
  entities: m.entities,
  status: m.status,
  errorCode: m.errorCode,
  errorDetail: m.errorDetail,
  ignoredDeviceIds: m.ignoredDeviceIds,
});

/** Direct access to an in-process emulator's state. */
export function localInspection(ctx: EmulatorContext, defaultTenant: string): EmulatorInspection {
  const pick = <T extends { tenantId: string }>(items: T[], o: ListOptions, hasDevice: (t: T, id: string) => boolean) =>
    items
      .filter((i) => (o.tenantId ?? defaultTenant) === i.tenantId && (!o.deviceId || hasDevice(i, o.deviceId.toLowerCase())))
      .reverse()
      .slice(0, o.limit ?? 100);
  return {
    stats: async () => ({
      ...structuredClone(ctx.stats),
      faultsInjected: { ...ctx.faults.injected },
      faults: { ...ctx.faults.settings },
      completionDelayMs: ctx.completionDelayMs,
    }),
    messages: async (o = {}) =>
      pick(ctx.state.allMessages(), o, (m, id) => m.deviceIds.some((d) => d.toLowerCase() === id)).map(publicMessage),
    message: async (id, tenantId = defaultTenant) => {
      const m = ctx.state.message(tenantId, id);
      return m ? publicMessage(m) : null;
    },
    devices: async (o = {}) => pick(ctx.state.allDevices(), o, (d, id) => d.deviceId.toLowerCase() === id),
    device: async (deviceId, tenantId = defaultTenant) => ctx.state.device(tenantId, deviceId) ?? null,
    tenant: async (tenantId = defaultTenant) => ctx.state.tenants.get(tenantId) ?? null,
  };
}

/** The same API over HTTP, for an emulator running in another process. */
export function remoteEmulator(url: string, caPem: string): EmulatorInspection & EmulatorControl & { close(): void } {
  const transport = createTransport({ caPem, connections: 2, timeoutMs: 10_000 });
  const base = `${url.replace(/\/$/, "")}${INSPECT_PREFIX}`;
  const call = async (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => {
    const res = await transport.request({
      method,
      url: `${base}${path}`,
      operation: `emulator ${path}`,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 404) return null;
    if (res.status >= 300) throw new Error(`emulator ${method} ${path}: HTTP ${res.status} ${res.body}`);
    return res.body ? JSON.parse(res.body) : null;
  };
  const query = (o: ListOptions = {}) => `?${new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)]))}`;
  const tenantQuery = (tenantId?: string) => (tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : "");
  return {
    stats: () => call("GET", "/stats"),
    messages: (o) => call("GET", `/messages${query(o)}`),
    message: (id, tenantId) => call("GET", `/messages/${encodeURIComponent(id)}${tenantQuery(tenantId)}`),
    devices: (o) => call("GET", `/devices${query(o)}`),
    device: (id, tenantId) => call("GET", `/devices/${encodeURIComponent(id)}${tenantQuery(tenantId)}`),
    tenant: (tenantId) => call("GET", `/tenant${tenantQuery(tenantId)}`),
    setFaults: async (faults) => void (await call("PUT", "/faults", faults)),
    forceFault: async (kind, options = {}) => void (await call("POST", "/faults/force", { kind, ...options })),
    setCompletionDelay: async (ms) => void (await call("PUT", "/completion-delay", { ms })),
    setBudgets: async (budgets) => void (await call("PUT", "/budgets", budgets)),
    setProvisioningError: async (detail) => void (await call("PUT", "/provisioning-error", { detail })),
    reset: async () => void (await call("POST", "/reset")),
    close: () => transport.close(),
  };
}
