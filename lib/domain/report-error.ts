/**
 * Puts a report's error in words: which kind of problem Microsoft's (or the network's) code
 * names, so the page can say what happened and what to do, next to the raw code and
 * Microsoft's own text (kept verbatim: support searches them).
 */
import { CLIENT_STATUS_CODES } from "./types";

export const REPORT_ERROR_KINDS = [
  "noAzureId",
  "throttled",
  "deviceNotFound",
  "userNotFound",
  "processingFailed",
  "pollTimeout",
  "messageNotFound",
  "notProvisioned",
  "auth",
  "discovery",
  "network",
  "tls",
  "serverError",
  "rejected",
  "unknown",
] as const;
export type ReportErrorKind = (typeof REPORT_ERROR_KINDS)[number];

const BY_CODE: Record<string, ReportErrorKind> = {
  TooManyRequests: "throttled",
  InvalidDeviceId: "deviceNotFound",
  InvalidUserId: "userNotFound",
  Request_ResourceNotFound: "userNotFound",
  ProcessingFailed: "processingFailed",
  Failed: "processingFailed",
  PollTimeout: "pollTimeout",
  NotFound: "messageNotFound",
  NotProvisioned: "notProvisioned",
  invalid_client: "auth",
  unauthorized_client: "auth",
  invalid_request: "auth",
  InvalidAuthenticationToken: "auth",
  Authorization_RequestDenied: "auth",
  IntuneServicePrincipalNotFound: "discovery",
  PartnerEndpointNotFound: "discovery",
  ServiceUnavailable: "serverError",
  temporarily_unavailable: "serverError",
  InvalidMessage: "rejected",
  BadRequest: "rejected",
  UnexpectedResponse: "rejected",
};

const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET"]);

/** The kind of a report's error code; httpStatus (the last answer, if any) decides for codes not known by name. */
export function reportErrorKind(code: string | null, httpStatus: number | null = null): ReportErrorKind {
  if (code !== null && (CLIENT_STATUS_CODES as readonly string[]).includes(code)) return "noAzureId";
  if (code !== null && BY_CODE[code]) return BY_CODE[code];
  if (code !== null && NETWORK.has(code)) return "network";
  if (code !== null && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return "tls";
  if (httpStatus === 429) return "throttled";
  if (httpStatus === 401 || httpStatus === 403) return "auth";
  if (httpStatus !== null && httpStatus >= 500) return "serverError";
  if (code !== null && /^HTTP_5\d\d$/.test(code)) return "serverError";
  if (httpStatus !== null && httpStatus >= 400) return "rejected";
  return "unknown";
}
