/**
 * The one error type of lib/intune. Every failure reaching a caller is an IntuneError whose
 * `kind` tells the caller what to do: retry later (honouring retryAfterMs when Microsoft
 * gave one), get a new token, or stop and show `code`/`detail` to the admin. Microsoft's
 * error code and text are kept verbatim because admins and support search for them.
 */
import type { z } from "zod";
import { explainIssues, graphErrorSchema, oauthErrorSchema, odataErrorSchema } from "./protocol";

export type IntuneErrorKind = "retryable" | "new_token" | "permanent";

export interface IntuneErrorInit {
  kind: IntuneErrorKind;
  /** null when no HTTP answer arrived (connection reset, timeout, TLS failure). */
  httpStatus: number | null;
  code: string;
  detail: string;
  retryAfterMs?: number | null;
  /** What the client was doing, e.g. "uploadDeviceReport". */
  operation: string;
  cause?: unknown;
}

export class IntuneError extends Error {
  readonly kind: IntuneErrorKind;
  readonly httpStatus: number | null;
  readonly code: string;
  readonly detail: string;
  readonly retryAfterMs: number | null;
  readonly operation: string;

  constructor(init: IntuneErrorInit) {
    super(`${init.operation}: ${init.code}${init.httpStatus === null ? "" : ` (HTTP ${init.httpStatus})`}: ${init.detail}`, {
      cause: init.cause,
    });
    this.name = "IntuneError";
    this.kind = init.kind;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.operation = init.operation;
  }

  /** For the structured logger: no stack, no cause (which may hold request details). */
  toJSON() {
    const { kind, httpStatus, code, detail, retryAfterMs, operation } = this;
    return { kind, httpStatus, code, detail, retryAfterMs, operation };
  }
}

export const isIntuneError = (e: unknown): e is IntuneError => e instanceof IntuneError;

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const MAX_DETAIL = 4000;

/** Microsoft's own code and text from an error body, whichever of its shapes it uses. */
export function microsoftError(bodyText: string): { code: string; detail: string } | null {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return null;
  }
  const graph = graphErrorSchema.safeParse(body);
  if (graph.success) return { code: graph.data.error.code, detail: graph.data.error.message ?? "" };
  const oauth = oauthErrorSchema.safeParse(body);
  if (oauth.success) return { code: oauth.data.error, detail: oauth.data.error_description ?? "" };
  const odata = odataErrorSchema.safeParse(body);
  if (odata.success) {
    const m = odata.data["odata.error"].message;
    return { code: odata.data["odata.error"].code, detail: typeof m === "string" ? m : (m?.value ?? "") };
  }
  return null;
}

export function kindForStatus(status: number): IntuneErrorKind {
  if (status === 429 || status === 408 || status >= 500) return "retryable";
  if (status === 401) return "new_token";
  return "permanent";
}

/** An HTTP answer that is not a success, classified. */
export function errorFromResponse(
  operation: string,
  status: number,
  headers: Record<string, string | undefined>,
  bodyText: string,
): IntuneError {
  const parsed = microsoftError(bodyText);
  return new IntuneError({
    kind: kindForStatus(status),
    httpStatus: status,
    code: parsed?.code || `HTTP_${status}`,
    detail: parsed ? parsed.detail : bodyText.slice(0, MAX_DETAIL),
    retryAfterMs: parseRetryAfter(headers["retry-after"]),
    operation,
  });
}

// A certificate that does not verify will not verify on the next try either.
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_CERT|ERR_SSL_)/;

/** No HTTP answer at all: resets and timeouts are retryable, TLS trust failures are not. */
export function errorFromTransport(operation: string, error: unknown): IntuneError {
  if (error instanceof IntuneError) return error;
  const code = (error as { code?: unknown })?.code;
  const name = typeof code === "string" ? code : "NETWORK_ERROR";
  const message = error instanceof Error ? error.message : String(error);
  return new IntuneError({
    kind: TLS_CODES.test(name) ? "permanent" : "retryable",
    httpStatus: null,
    code: name,
    detail: message,
    operation,
    cause: error,
  });
}

/** A success answer that is not the documented shape: nothing a retry would fix. */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, operation: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new IntuneError({
    kind: "permanent",
    httpStatus: 200,
    code: "UnexpectedResponse",
    detail: `${explainIssues(result.error)}; body: ${JSON.stringify(body)?.slice(0, 1000)}`,
    operation,
  });
}
