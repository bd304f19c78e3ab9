/**
 * App-only tokens from MSAL's ConfidentialClientApplication (client credentials), for the
 * Intune partner API and Graph. MSAL keeps the cache and renews before expiry; this module
 * adds what MSAL does not: concurrent callers share one acquisition, a token a resource
 * rejected with 401 is replaced once (not once per caller), and MSAL's failures become
 * IntuneErrors carrying Microsoft's own error code and description.
 */
import { ConfidentialClientApplication, LogLevel, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import { randomUUID } from "node:crypto";
import { log } from "../log";
import type { IntuneConnection } from "./config";
import { errorFromResponse, IntuneError, isIntuneError } from "./errors";
import type { Transport } from "./http";
import { graphScope, INTUNE_SCOPE } from "./protocol";

export type Resource = "intune" | "graph";

const MEMO_MS = 60_000;

export interface TokenProvider {
  /** A bearer token; pass the token a resource just rejected to get a different one. */
  getToken(resource: Resource, rejected?: string): Promise<string>;
}

/** Raw answers and transport errors of failed token calls, kept per correlation id for classify(). */
type Failure = { response?: NetworkResponse<unknown>; transportError?: IntuneError };

/** MSAL's INetworkModule over our transport, so MSAL trusts the same CA and uses the same sockets. */
function msalNetwork(transport: Transport, failures: Map<string, Failure>): INetworkModule {
  const send = async <T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions, timeout?: number) => {
    try {
      const res = await transport.request({ method, url, headers: options?.headers, body: options?.body, timeoutMs: timeout, operation: "acquireToken" });
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        // MSAL reads error fields from the body: give it the shape it understands.
        body = { error: `HTTP_${res.status}`, error_description: res.body.slice(0, 2000) };
      }
      const response: NetworkResponse<T> = { status: res.status, headers: res.headers, body: body as T };
      if (res.status >= 400 && options?.correlationId) failures.set(options.correlationId, { response });
      return response;
    } catch (error) {
      if (options?.correlationId && isIntuneError(error)) failures.set(options.correlationId, { transportError: error });
      throw error;
    }
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send("GET", url, options, timeout),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}

export function createTokenProvider(connection: IntuneConnection, transport: Transport): TokenProvider {
  const failures = new Map<string, Failure>();
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: connection.clientId,
      clientSecret: connection.clientSecret,
      authority: connection.authority,
      knownAuthorities: connection.knownAuthorities,
      authorityMetadata: connection.authorityMetadata,
      cloudDiscoveryMetadata: connection.cloudDiscoveryMetadata,
    },
    system: {
      networkClient: msalNetwork(transport, failures),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        // MSAL warns on every client-credentials token ("No client info in response"): keep its warnings at debug.
        loggerCallback: (level, message) => {
          if (level === LogLevel.Error) log.warn({ component: "msal" }, message);
          else log.debug({ component: "msal" }, message);
        },
      },
    },
  });
  const scopes: Record<Resource, string> = { intune: INTUNE_SCOPE, graph: graphScope(connection.graphScopeHost) };
  const current = new Map<Resource, string>();
  const inflight = new Map<string, Promise<string>>();
  // MSAL stays the cache of record (expiry, proactive refresh); asking it costs ~0.3 ms of CPU
  // per call though, a third of a report's cost at load. So its answer is reused for a minute.
  const memo = new Map<Resource, { token: string; until: number }>();

  async function acquire(resource: Resource, skipCache: boolean): Promise<string> {
    const correlationId = randomUUID();
    try {
      const result = await app.acquireTokenByClientCredential({ scopes: [scopes[resource]], skipCache, correlationId });
      if (!result?.accessToken) throw new Error("MSAL returned no access token");
      current.set(resource, result.accessToken);
      const expires = result.expiresOn?.getTime() ?? 0;
      memo.set(resource, { token: result.accessToken, until: Math.min(Date.now() + MEMO_MS, expires - 5 * 60_000) });
      return result.accessToken;
    } catch (error) {
      throw classify(error, failures.get(correlationId));
    } finally {
      failures.delete(correlationId);
    }
  }

  return {
    getToken(resource, rejected) {
      const memoised = memo.get(resource);
      if (memoised && memoised.until > Date.now() && memoised.token !== rejected) return Promise.resolve(memoised.token);
      if (memoised?.token === rejected) memo.delete(resource);
      // Someone already replaced the rejected token: use theirs rather than asking again.
      const skipCache = rejected !== undefined && current.get(resource) === rejected;
      const key = `${resource}:${skipCache}`;
      let pending = inflight.get(key);
      if (!pending) {
        pending = acquire(resource, skipCache).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
  };
}

/** MSAL's error, turned into an IntuneError from the raw answer when there was one. */
function classify(error: unknown, failure: Failure | undefined): IntuneError {
  if (failure?.transportError) return failure.transportError;
  if (failure?.response) {
    const { status, headers, body } = failure.response;
    const e = errorFromResponse("acquireToken", status, headers, JSON.stringify(body));
    // At the token endpoint a 401 means bad client credentials, not a stale token: asking again won't help.
    return e.kind === "new_token" ? new IntuneError({ ...e.toJSON(), kind: "permanent", cause: error }) : e;
  }
  const msal = error as { errorCode?: string; errorMessage?: string; name?: string; message?: string };
  // No answer recorded: MSAL refused locally, e.g. it is still honouring an earlier 429/5xx's Retry-After.
  const throttled = msal.name === "ServerError";
  return new IntuneError({
    kind: throttled || msal.errorCode === "network_error" ? "retryable" : "permanent",
    httpStatus: null,
    code: msal.errorCode || msal.name || "msal_error",
    detail: msal.errorMessage || msal.message || String(error),
    operation: "acquireToken",
    cause: error,
  });
}
