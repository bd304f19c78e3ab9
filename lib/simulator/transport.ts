/**
 * How the simulator reaches the device API: over HTTP (a running server), or in process
 * through the same serveApi the route handlers call (tests, and the benchmark's measurement
 * without HTTP). Both answer the same way.
 */
import type { ApiContext } from "../api/context";
import { serveApi } from "../api/endpoints";

export interface ApiCall {
  method: "GET" | "POST";
  path: string;
  token?: string;
  body?: unknown;
}

export interface ApiAnswer {
  status: number;
  retryAfterSeconds: number | null;
  body: Record<string, unknown>;
}

export type Transport = (call: ApiCall) => Promise<ApiAnswer>;

function request(origin: string, call: ApiCall): Request {
  const headers: Record<string, string> = { accept: "application/json" };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${origin}${call.path}`, { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) });
}

async function answer(response: Response): Promise<ApiAnswer> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { error: "not_json", message: text.slice(0, 200) };
  }
  const retry = response.headers.get("retry-after");
  return { status: response.status, retryAfterSeconds: retry === null ? null : Number(retry), body };
}

export function httpTransport(baseUrl: string): Transport {
  const origin = baseUrl.replace(/\/+$/, "");
  return async (call) => answer(await fetch(request(origin, call)));
}

export function inProcessTransport(ctx: ApiContext): Transport {
  return async (call) => {
    const req = request("http://in-process", call);
    const path = call.path.split("?")[0]!;
    let m: RegExpExecArray | null;
    if (path === "/api/v1/enrollments" && call.method === "POST") return answer(await serveApi(ctx, "enroll", req));
    if ((m = /^\/api\/v1\/devices\/([^/]+)\/check-ins$/.exec(path)) && call.method === "POST") return answer(await serveApi(ctx, "checkIn", req, { id: decodeURIComponent(m[1]!) }));
    if ((m = /^\/api\/v1\/devices\/([^/]+)$/.exec(path)) && call.method === "GET") return answer(await serveApi(ctx, "device", req, { id: decodeURIComponent(m[1]!) }));
    if (path === "/api/v1/devices" && call.method === "GET") return answer(await serveApi(ctx, "listDevices", req));
    if (path === "/api/v1/reports" && call.method === "GET") return answer(await serveApi(ctx, "listReports", req));
    return { status: 404, retryAfterSeconds: null, body: { error: "not_found" } };
  };
}
