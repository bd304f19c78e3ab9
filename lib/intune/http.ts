/**
 * The HTTPS transport every Microsoft call goes through (partner APIs, Graph, and MSAL's
 * token requests via tokens.ts). It owns one keep-alive agent per client so the number of
 * connections is a setting, and it takes the CA bundle per agent: trusting the emulator's
 * CA never touches Node's global trust (no NODE_TLS_REJECT_UNAUTHORIZED, no global agent).
 */
import https from "node:https";
import tls from "node:tls";
import { errorFromTransport } from "./errors";

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Overrides the transport's default deadline for this request. */
  timeoutMs?: number;
  /** Names the operation in the IntuneError a transport failure becomes. */
  operation?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, as Node gives them. */
  headers: Record<string, string>;
  body: string;
}

export interface TransportOptions {
  /** Extra trusted CA (PEM), added to Node's bundled roots for this agent only. */
  caPem?: string;
  /** Most sockets open at once; requests beyond it queue. */
  connections?: number;
  /** Deadline for a whole request, connect to last byte. */
  timeoutMs?: number;
  /** Called before each request; tests use it to prove nothing leaves 127.0.0.1. */
  observe?: (method: string, url: string) => void;
}

export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

class TimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

const MAX_BODY = 16 * 1024 * 1024;

export function createTransport(options: TransportOptions = {}): Transport {
  const connections = options.connections ?? 16;
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: connections,
    maxFreeSockets: connections,
    // Idle sockets are dropped before typical server keep-alive limits, so a reused socket is rarely stale.
    timeout: 30_000,
    scheduling: "lifo",
    // One secure context built once: passing `ca` instead would make Node parse every root per
    // connection and concatenate them into the agent's pool key on every request.
    ...(options.caPem ? { secureContext: tls.createSecureContext({ ca: [...tls.rootCertificates, options.caPem] }) } : {}),
  });
  const defaultTimeout = options.timeoutMs ?? 30_000;

  function request(req: HttpRequest): Promise<HttpResponse> {
    options.observe?.(req.method, req.url);
    const timeoutMs = req.timeoutMs ?? defaultTimeout;
    const operation = req.operation ?? `${req.method} ${new URL(req.url).pathname}`;
    return new Promise<HttpResponse>((resolve, reject) => {
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
      const outgoing = https.request(req.url, { method: req.method, agent, headers });
      const timer = setTimeout(() => outgoing.destroy(new TimeoutError(timeoutMs)), timeoutMs);
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(errorFromTransport(operation, error));
      };
      outgoing.on("error", fail);
      outgoing.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) outgoing.destroy(new Error(`answer larger than ${MAX_BODY} bytes`));
          else chunks.push(chunk);
        });
        res.on("error", fail);
        res.on("aborted", () => fail(Object.assign(new Error("connection closed mid-answer"), { code: "ECONNRESET" })));
        res.on("end", () => {
          clearTimeout(timer);
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
          resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString("utf8") });
        });
      });
      outgoing.end(req.body);
    });
  }

  return { request, close: () => agent.destroy() };
}
