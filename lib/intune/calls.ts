/**
 * One authenticated call to Graph or to a partner API: bearer token, JSON in and out, on a
 * 401 one retry with a new token, and every failure classified as an IntuneError. A call to
 * a discovered partner URL that fails the way a moved endpoint fails (no such path, host
 * unknown or refusing, certificate not matching) drops the discovery cache
 * (intune-protocol.md). Throttling, 5xx, resets and timeouts say the endpoint is there but
 * busy: dropping the cache then would only add Graph calls while Microsoft is already struggling.
 */
import { errorFromResponse, IntuneError } from "./errors";
import type { Transport } from "./http";
import type { Resource, TokenProvider } from "./tokens";

export interface CallOptions {
  resource: Resource;
  method: "GET" | "POST" | "PUT";
  url: string;
  body?: unknown;
  operation: string;
  /** Non-2xx statuses the caller handles itself (e.g. 409 on create). */
  accept?: readonly number[];
  /** Called when the call fails as a stale URL would: the URL came from discovery and may have moved. */
  onDiscoveredUrlFailure?: () => void;
}

export interface CallResult {
  status: number;
  /** Parsed JSON, or null for an empty answer. */
  json: unknown;
}

export type Call = (options: CallOptions) => Promise<CallResult>;

/** Answers a moved or retired endpoint gives: not found, gone, misdirected. */
const STALE_URL_STATUSES = new Set([404, 410, 421]);
/** Transport failures before any answer that a moved endpoint causes (not resets or timeouts). */
const STALE_URL_TRANSPORT = /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT)/;

export function suggestsStaleUrl(failure: { status: number } | { code: string }): boolean {
  return "status" in failure ? STALE_URL_STATUSES.has(failure.status) : STALE_URL_TRANSPORT.test(failure.code);
}

export function createCall(transport: Transport, tokens: TokenProvider): Call {
  async function send(options: CallOptions, token: string) {
    return transport.request({
      method: options.method,
      url: options.url,
      operation: options.operation,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  }

  return async function call(options) {
    // Token failures are not the discovered URL's fault; only the partner call's own answer can drop the cache.
    const tracked = async (token: string) => {
      try {
        const res = await send(options, token);
        if (suggestsStaleUrl(res) && !options.accept?.includes(res.status)) options.onDiscoveredUrlFailure?.();
        return res;
      } catch (error) {
        const code = (error as { code?: unknown })?.code;
        if (typeof code === "string" && suggestsStaleUrl({ code })) options.onDiscoveredUrlFailure?.();
        throw error;
      }
    };
    const token = await tokens.getToken(options.resource);
    let res = await tracked(token);
    // Microsoft occasionally rejects a freshly issued token: get another (skipping MSAL's cache) and retry once.
    if (res.status === 401) res = await tracked(await tokens.getToken(options.resource, token));
    const ok = (res.status >= 200 && res.status < 300) || options.accept?.includes(res.status);
    if (!ok) throw errorFromResponse(options.operation, res.status, res.headers, res.body);
    return { status: res.status, json: parseJson(res.body, res.status, options.operation) };
  };
}

function parseJson(body: string, status: number, operation: string): unknown {
  if (body.trim() === "") return null;
  try {
    return JSON.parse(body);
  } catch {
    throw new IntuneError({
      kind: "permanent",
      httpStatus: status,
      code: "UnexpectedResponse",
      detail: `answer is not JSON: ${body.slice(0, 1000)}`,
      operation,
    });
  }
}
