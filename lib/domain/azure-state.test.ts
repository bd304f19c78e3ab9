import { describe, expect, it } from "vitest";
import { deriveAzureFields } from "./azure-state";
import { REPORT_STATES } from "./types";

const at = (s: string) => new Date(s);

describe("deriveAzureFields", () => {
  it("maps every report state", () => {
    const states = Object.fromEntries(
      REPORT_STATES.map((state) => [state, deriveAzureFields({ newest: { state, errorCode: null, errorDetail: null }, reportedAt: null }).azureState]),
    );
    expect(states).toEqual({
      QUEUED: "IN_PROGRESS",
      SENDING: "IN_PROGRESS",
      ACCEPTED: "IN_PROGRESS",
      COMPLETED: "SUCCESS",
      FAILED: "ERROR",
      SKIPPED: "ERROR",
      SUPERSEDED: "IN_PROGRESS",
    });
  });

  it("keeps the error only while in Error", () => {
    expect(deriveAzureFields({ newest: { state: "FAILED", errorCode: "X", errorDetail: "why" }, reportedAt: null })).toMatchObject({
      azureLastErrorCode: "X",
      azureLastErrorDetail: "why",
    });
    expect(deriveAzureFields({ newest: { state: "QUEUED", errorCode: "TooManyRequests", errorDetail: "retrying" }, reportedAt: null })).toMatchObject({
      azureLastErrorCode: null,
      azureLastErrorDetail: null,
    });
  });

  it("moves the report time forward only", () => {
    const newest = { state: "COMPLETED" as const, errorCode: null, errorDetail: null };
    expect(deriveAzureFields({ newest, reportedAt: at("2026-01-02"), completedAt: at("2026-01-03") }).azureReportedAt).toEqual(at("2026-01-03"));
    expect(deriveAzureFields({ newest, reportedAt: at("2026-01-04"), completedAt: at("2026-01-03") }).azureReportedAt).toEqual(at("2026-01-04"));
    expect(deriveAzureFields({ newest: null, reportedAt: null })).toEqual({ azureState: null, azureReportedAt: null, azureLastErrorCode: null, azureLastErrorDetail: null });
  });
});
