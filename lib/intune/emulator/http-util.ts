/**
 * Small helpers the emulator's routes share: JSON answers, Graph-style error bodies (the
 * shape the client's classifier reads), request bodies with a size limit, form parsing.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type Headers = Record<string, string>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "request-id": randomUUID(),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Headers = {}) {
  res.writeHead(status, { "content-length": 0, "request-id": randomUUID(), ...headers });
  res.end();
}

/** Graph's error shape: {"error":{"code","message","innerError":{...}}}. */
export function sendGraphError(res: ServerResponse, status: number, code: string, message: string, headers: Headers = {}) {
  sendJson(
    res,
    status,
    { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID() } } },
    headers,
  );
}

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge(`request body larger than ${limit} bytes`));
        req.resume();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses JSON, or null when the text is not JSON (the caller answers 400). */
export function tryJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
