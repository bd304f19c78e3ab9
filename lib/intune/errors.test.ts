import { describe, expect, it } from "vitest";
import { errorFromResponse, errorFromTransport, IntuneError, kindForStatus, microsoftError, parseRetryAfter } from "./errors";

describe("classification of HTTP answers", () => {
  it.each([
    [429, "retryable"],
    [500, "retryable"],
    [502, "retryable"],
    [503, "retryable"],
    [504, "retryable"],
    [408, "retryable"],
    [401, "new_token"],
    [400, "permanent"],
    [403, "permanent"],
    [404, "permanent"],
    [409, "permanent"],
  ] as const)("HTTP %i is %s", (status, kind) => expect(kindForStatus(status)).toBe(kind));

  it("keeps Microsoft's code and message verbatim, whichever error shape it uses", () => {
    expect(microsoftError('{"error":{"code":"Request_ResourceNotFound","message":"Resource \'x\' does not exist."}}')).toEqual({
      code: "Request_ResourceNotFound",
      detail: "Resource 'x' does not exist.",
    });
    expect(microsoftError('{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}')).toEqual({
      code: "invalid_client",
      detail: "AADSTS7000215: Invalid client secret provided.",
    });
    expect(microsoftError('{"odata.error":{"code":"Authorization_RequestDenied","message":{"lang":"en","value":"Insufficient privileges."}}}')).toEqual({
      code: "Authorization_RequestDenied",
      detail: "Insufficient privileges.",
    });
    expect(microsoftError("<html>Bad gateway</html>")).toBeNull();
  });

  it("keeps a non-JSON body as the detail", () => {
    const e = errorFromResponse("op", 502, {}, "<html>Bad gateway</html>");
    expect(e).toMatchObject({ kind: "retryable", httpStatus: 502, code: "HTTP_502", detail: "<html>Bad gateway</html>" });
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("30")).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(errorFromResponse("op", 429, { "retry-after": "12" }, "{}").retryAfterMs).toBe(12_000);
  });

  it("treats resets and timeouts as retryable and certificate failures as permanent", () => {
    expect(errorFromTransport("op", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toMatchObject({ kind: "retryable", code: "ECONNRESET", httpStatus: null });
    expect(errorFromTransport("op", Object.assign(new Error("x"), { code: "ETIMEDOUT" })).kind).toBe("retryable");
    expect(errorFromTransport("op", Object.assign(new Error("self-signed"), { code: "SELF_SIGNED_CERT_IN_CHAIN" })).kind).toBe("permanent");
    expect(errorFromTransport("op", Object.assign(new Error("x"), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" })).kind).toBe("permanent");
  });

  it("serialises without its cause for the logger", () => {
    const e = new IntuneError({ kind: "permanent", httpStatus: 400, code: "BadRequest", detail: "d", operation: "op", cause: { secret: "x" } });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ kind: "permanent", httpStatus: 400, code: "BadRequest", detail: "d", retryAfterMs: null, operation: "op" });
  });
});
