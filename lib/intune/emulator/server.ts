/**
 * The local stand-in for Microsoft: one HTTPS server (certificate from certs.ts) serving
 * the identity platform, Graph and the Intune partner APIs as intune-protocol.md
 * describes them, with fault injection, throttling budgets and an inspection API.
 * startEmulator() runs it in-process; scripts/emulator.ts runs it as its own process.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { log } from "../../log";
import { DEVICE_PROVIDER, TENANT_PROVIDER } from "../protocol";
import { TokenSigner, type AccessClaims, type Audience } from "./access-tokens";
import { loadOrCreateTls } from "./certs";
import { emptyStats, type EmulatorContext } from "./context";
import { FaultInjector, type FaultConfig } from "./faults";
import { BodyTooLarge, sendGraphError, sendJson } from "./http-util";
import { stableUuid } from "./ids";
import { localInspection, type EmulatorControl, type EmulatorInspection } from "./inspection";
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, EMULATOR_TENANT_ID, EMULATOR_USER_DOMAIN, GRAPH_PREFIX, INSPECT_PREFIX, INTUNE_PREFIX } from "./layout";
import { handleInstanceDiscovery, handleOpenIdConfiguration, handleToken } from "./routes-auth";
import { handleGraph } from "./routes-graph";
import { handleInspect } from "./routes-inspect";
import { handleDeviceService } from "./routes-messages";
import { handleTenantService } from "./routes-partner";
import { EmulatorState } from "./state";
import { DEFAULT_BUDGETS, NO_BUDGETS, Throttle, type Budgets } from "./throttle";

export interface EmulatorOptions {
  /** Where the TLS identity is kept (reused on restart). */
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  faults?: Partial<FaultConfig>;
  /** How long an accepted message stays Pending. */
  completionDelayMs?: number;
  /** Throttling budgets; "off" disables throttling (raw capacity runs). */
  budgets?: Partial<Budgets> | "off";
  tenants?: string[];
  apps?: { clientId: string; clientSecret: string }[];
  /** Domains whose UPNs exist in the emulated Entra ID. */
  userDomains?: string[];
  /** Entra object id of a user (deterministic); default derived from a hash of tenant and UPN. */
  userIdFor?: (upn: string, tenantId: string) => string;
  tokenLifetimeSec?: number;
  provisioningError?: string | null;
  /** Clock for message completion, throttling windows and token lifetimes (tests inject one). */
  now?: () => number;
}

export interface RunningEmulator extends EmulatorControl {
  /** e.g. https://127.0.0.1:41234 */
  url: string;
  port: number;
  caPem: string;
  caFile: string;
  inspect: EmulatorInspection;
  close(): Promise<void>;
}

type Handler = (ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL, path: string, claims: AccessClaims) => unknown;

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const tls = loadOrCreateTls(options.dataDir);
  const now = options.now ?? Date.now;
  const budgets = options.budgets === "off" ? NO_BUDGETS : { ...DEFAULT_BUDGETS, ...options.budgets };
  const apps = options.apps ?? [{ clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET }];
  const ctx: EmulatorContext = {
    origin: "",
    now,
    state: new EmulatorState(now, (tid, deviceId) => stableUuid("device-object", tid, deviceId.toLowerCase())),
    faults: new FaultInjector(options.faults),
    throttle: new Throttle(budgets, now),
    signer: new TokenSigner(now),
    apps: new Map(apps.map((a) => [a.clientId.toLowerCase(), a.clientSecret])),
    tenants: new Set((options.tenants ?? [EMULATOR_TENANT_ID]).map((t) => t.toLowerCase())),
    userDomains: (options.userDomains ?? [EMULATOR_USER_DOMAIN]).map((d) => d.toLowerCase()),
    userIdFor: options.userIdFor ?? ((upn, tid) => stableUuid("user", tid, upn.toLowerCase())),
    completionDelayMs: options.completionDelayMs ?? 2000,
    tokenLifetimeSec: options.tokenLifetimeSec ?? 3599,
    provisioningError: options.provisioningError ?? null,
    stats: emptyStats(),
    seenTokens: new Set(),
  };
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => (timers.delete(t), resolve()), ms);
    timers.add(t);
  });

  async function resource(scope: "graph" | "partner", audience: Audience, req: IncomingMessage, res: ServerResponse, url: URL, path: string, handler: Handler) {
    const fault = ctx.faults.drawTransport(scope);
    if (fault === "drop") return void req.socket.destroy();
    if (fault === "serverError") return sendGraphError(res, 503, "ServiceUnavailable", "The service is temporarily unavailable. (Emulated fault.)");
    if (fault === "throttle") return tooMany(res, ctx.faults.settings.retryAfterSec, "emulated fault");
    if (fault === "slow") await sleep(ctx.faults.settings.slowMs);

    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const verdict = token ? ctx.signer.verify(token, audience) : { ok: false as const, message: "Access token is empty." };
    if (!verdict.ok) return unauthorized(res, verdict.message);
    const { claims } = verdict;
    const fresh = !ctx.seenTokens.has(claims.jti);
    if (fresh) {
      if (ctx.seenTokens.size > 100_000) ctx.seenTokens.clear();
      ctx.seenTokens.add(claims.jti);
    }
    if (ctx.faults.drawUnauthorized(scope, fresh)) return unauthorized(res, "Access token validation failure. (Emulated fault: a freshly issued token was rejected.)");
    const throttled = ctx.throttle.take({ appId: claims.appid, tenantId: claims.tid, write: req.method !== "GET" });
    if (!throttled.ok) return tooMany(res, throttled.retryAfterSec, `budget ${throttled.budget}`);
    await handler(ctx, req, res, url, path, claims);
  }

  function unauthorized(res: ServerResponse, message: string) {
    ctx.stats.unauthorized++;
    sendGraphError(res, 401, "InvalidAuthenticationToken", message, { "www-authenticate": 'Bearer error="invalid_token"' });
  }

  function tooMany(res: ServerResponse, retryAfterSec: number, why: string) {
    ctx.stats.throttled++;
    sendGraphError(res, 429, "TooManyRequests", `Too many requests (${why}). Retry after ${retryAfterSec} seconds.`, { "retry-after": String(retryAfterSec) });
  }

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse, tenant: string) {
    const fault = ctx.faults.drawTransport("token");
    if (fault === "drop") return void req.socket.destroy();
    if (fault === "serverError" || fault === "throttle") {
      const status = fault === "throttle" ? 429 : 503;
      return sendJson(res, status, { error: "temporarily_unavailable", error_description: `AADSTS90033: A transient error has occurred. Please try again. (Emulated fault.)`, error_codes: [90033] }, { "retry-after": String(ctx.faults.settings.retryAfterSec) });
    }
    if (fault === "slow") await sleep(ctx.faults.settings.slowMs);
    await handleToken(ctx, req, res, tenant);
  }

  const inspect = localInspection(ctx, [...ctx.tenants][0]!);
  const control: EmulatorControl = {
    setFaults: async (faults) => ctx.faults.set(faults),
    forceFault: async (kind, o) => ctx.faults.force(kind, o),
    setCompletionDelay: async (ms) => void (ctx.completionDelayMs = ms),
    setBudgets: async (b) => ctx.throttle.set(b),
    setProvisioningError: async (detail) => void (ctx.provisioningError = detail),
    reset: async () => {
      ctx.state.reset();
      ctx.stats = emptyStats();
    },
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse) {
    ctx.stats.requests++;
    res.on("finish", () => (ctx.stats.byStatus[res.statusCode] = (ctx.stats.byStatus[res.statusCode] ?? 0) + 1));
    const url = new URL(req.url ?? "/", ctx.origin);
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (path.startsWith(`${INSPECT_PREFIX}/`)) return handleInspect(inspect, control, req, res, url, path.slice(INSPECT_PREFIX.length));
    if ((m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path)) && req.method === "POST") return tokenEndpoint(req, res, m[1]!);
    if ((m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path))) return handleOpenIdConfiguration(ctx, res, m[1]!);
    if (path === "/common/discovery/instance") return handleInstanceDiscovery(ctx, res);
    if (path.startsWith(`${GRAPH_PREFIX}/`)) return resource("graph", "graph", req, res, url, path.slice(GRAPH_PREFIX.length), handleGraph);
    if ((m = new RegExp(`^${INTUNE_PREFIX}/(${TENANT_PROVIDER}|${DEVICE_PROVIDER})(/.*)$`).exec(path))) {
      const handler = m[1] === TENANT_PROVIDER ? handleTenantService : handleDeviceService;
      return resource("partner", "intune", req, res, url, m[2]!, handler);
    }
    sendGraphError(res, 404, "NotFound", `No emulated endpoint at ${req.method} ${path}.`);
  }

  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 120_000 }, (req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyTooLarge) return sendGraphError(res, 413, "RequestEntityTooLarge", error.message);
      log.error({ component: "intune-emulator", err: error }, "emulator route failed");
      sendGraphError(res, 500, "InternalServerError", "The emulator failed to handle the request.");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  ctx.origin = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url: ctx.origin,
    port,
    caPem: tls.caPem,
    caFile: tls.caFile,
    inspect,
    ...control,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
