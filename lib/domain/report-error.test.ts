import { describe, expect, it } from "vitest";
import { reportErrorKind } from "./report-error";
import { CLIENT_STATUS_CODES } from "./types";

describe("report error kinds", () => {
  it("a client status code means the report was not sent: no Azure device ID", () => {
    for (const code of CLIENT_STATUS_CODES) expect(reportErrorKind(code)).toBe("noAzureId");
  });

  it("names the codes the engine and Microsoft use", () => {
    expect(reportErrorKind("TooManyRequests", 429)).toBe("throttled");
    expect(reportErrorKind("InvalidDeviceId", 400)).toBe("deviceNotFound");
    expect(reportErrorKind("InvalidUserId", 200)).toBe("userNotFound");
    expect(reportErrorKind("ProcessingFailed")).toBe("processingFailed");
    expect(reportErrorKind("PollTimeout")).toBe("pollTimeout");
    expect(reportErrorKind("NotFound", 404)).toBe("messageNotFound");
    expect(reportErrorKind("NotProvisioned", 200)).toBe("notProvisioned");
    expect(reportErrorKind("invalid_client", 401)).toBe("auth");
    expect(reportErrorKind("PartnerEndpointNotFound")).toBe("discovery");
    expect(reportErrorKind("ECONNRESET", null)).toBe("network");
    expect(reportErrorKind("SELF_SIGNED_CERT_IN_CHAIN", null)).toBe("tls");
    expect(reportErrorKind("HTTP_502", 502)).toBe("serverError");
  });

  it("falls back on the HTTP status, then on unknown", () => {
    expect(reportErrorKind("SomethingNew", 429)).toBe("throttled");
    expect(reportErrorKind("SomethingNew", 403)).toBe("auth");
    expect(reportErrorKind("SomethingNew", 503)).toBe("serverError");
    expect(reportErrorKind("SomethingNew", 404)).toBe("rejected");
    expect(reportErrorKind("SomethingNew", null)).toBe("unknown");
    expect(reportErrorKind(null, null)).toBe("unknown");
    expect(reportErrorKind("Unknown_Error")).toBe("unknown");
  });
});
