import { describe, expect, it } from "vitest";
import { explainReportTime, UNKNOWN_REPORT_ERROR, type ReportTimeInput } from "./report-time";
import { AZURE_COMPLIANCE_STATES, CLIENT_STATUS_CODES } from "./types";

const AT = new Date("2026-03-01T08:00:00.000Z");
const ID = "007c8232-9489-4074-9b35-345b16f0a72d";

/** A registered device of an enabled integration whose data arrived and was not yet sent. */
function input(overrides: Partial<ReportTimeInput> = {}): ReportTimeInput {
  return {
    integrationEnabled: true,
    azureDeviceId: ID,
    clientStatusCode: "Success",
    azureState: null,
    azureReportedAt: null,
    lastErrorCode: null,
    lastErrorDetail: null,
    ...overrides,
  };
}

describe("explainReportTime: each branch", () => {
  it("reported: shows the confirmed time", () => {
    expect(explainReportTime(input({ azureState: "SUCCESS", azureReportedAt: AT }))).toEqual({ kind: "reported", at: AT });
  });

  it("disabled: integration off and never reported", () => {
    expect(explainReportTime(input({ integrationEnabled: false }))).toEqual({ kind: "disabled" });
  });

  it("pending: data received, Microsoft not yet called", () => {
    expect(explainReportTime(input())).toEqual({ kind: "pending" });
  });

  it("pending: first report in progress", () => {
    expect(explainReportTime(input({ azureState: "IN_PROGRESS" }))).toEqual({ kind: "pending" });
  });

  it.each(CLIENT_STATUS_CODES.filter((c) => c !== "Success").map((c) => [c]))(
    "error: no Azure device ID because of %s",
    (code) => {
      expect(explainReportTime(input({ azureDeviceId: null, clientStatusCode: code }))).toEqual({ kind: "error", code, detail: null });
    },
  );

  it("error: the last report failed, with Microsoft's code and detail", () => {
    const failed = input({ azureState: "ERROR", lastErrorCode: "DeviceNotFound", lastErrorDetail: "No such device" });
    expect(explainReportTime(failed)).toEqual({ kind: "error", code: "DeviceNotFound", detail: "No such device" });
  });

  it("error: a failed report without a code still says it failed", () => {
    expect(explainReportTime(input({ azureState: "ERROR" }))).toEqual({ kind: "error", code: UNKNOWN_REPORT_ERROR, detail: null });
    expect(explainReportTime(input({ azureState: "ERROR", lastErrorCode: "" }))).toMatchObject({ code: UNKNOWN_REPORT_ERROR });
  });

  it("error: an error recorded before any report state", () => {
    expect(explainReportTime(input({ lastErrorCode: "TenantNotProvisioned" }))).toEqual({
      kind: "error",
      code: "TenantNotProvisioned",
      detail: null,
    });
  });
});

describe("explainReportTime: precedence", () => {
  it("a confirmed time wins over everything, even a newer report in progress or failed, or the integration off", () => {
    for (const azureState of AZURE_COMPLIANCE_STATES) {
      const everythingWrong = input({
        integrationEnabled: false,
        azureDeviceId: null,
        clientStatusCode: "Internal_Error",
        azureState,
        azureReportedAt: AT,
        lastErrorCode: "Boom",
      });
      expect(explainReportTime(everythingWrong)).toEqual({ kind: "reported", at: AT });
    }
  });

  it("disabled wins over client status errors and report errors", () => {
    const wrong = input({ integrationEnabled: false, azureDeviceId: null, clientStatusCode: "User_Canceled", azureState: "ERROR", lastErrorCode: "X" });
    expect(explainReportTime(wrong)).toEqual({ kind: "disabled" });
  });

  it("without an Azure device ID, the client status error wins over the last report error", () => {
    const both = input({ azureDeviceId: null, clientStatusCode: "Internal_Error", lastErrorCode: "X", lastErrorDetail: "d" });
    expect(explainReportTime(both)).toEqual({ kind: "error", code: "Internal_Error", detail: null });
  });

  it("without an Azure device ID and no failing client status: the last error, else pending", () => {
    expect(explainReportTime(input({ azureDeviceId: null, clientStatusCode: null }))).toEqual({ kind: "pending" });
    expect(explainReportTime(input({ azureDeviceId: null, clientStatusCode: "Success" }))).toEqual({ kind: "pending" });
    expect(explainReportTime(input({ azureDeviceId: null, clientStatusCode: null, lastErrorCode: "X", lastErrorDetail: "d" }))).toEqual({
      kind: "error",
      code: "X",
      detail: "d",
    });
  });

  it("with an Azure device ID, a client status failure does not block reporting", () => {
    expect(explainReportTime(input({ clientStatusCode: "Account_logged_out" }))).toEqual({ kind: "pending" });
  });

  it("a retry in progress is pending, not the old error", () => {
    expect(explainReportTime(input({ azureState: "IN_PROGRESS", lastErrorCode: "Throttled" }))).toEqual({ kind: "pending" });
  });

  it("SUCCESS without a time ignores a stale error", () => {
    expect(explainReportTime(input({ azureState: "SUCCESS", lastErrorCode: "Old" }))).toEqual({ kind: "pending" });
  });
});
