/**
 * A device's Azure fields, derived from its reports (the same rules as the demo fleet):
 * the newest report's state gives the Azure compliance state (QUEUED/SENDING/ACCEPTED ->
 * In progress, COMPLETED -> Success, FAILED/SKIPPED -> Error); the report time is when
 * Microsoft last confirmed a report; the error fields are kept only while in Error.
 */
import type { AzureComplianceState, ReportState } from "./types";

export const AZURE_STATE_OF_REPORT: Record<ReportState, AzureComplianceState> = {
  QUEUED: "IN_PROGRESS",
  SENDING: "IN_PROGRESS",
  ACCEPTED: "IN_PROGRESS",
  COMPLETED: "SUCCESS",
  FAILED: "ERROR",
  SKIPPED: "ERROR",
  // Never the newest in practice (a newer report replaced it); the newer one is in progress.
  SUPERSEDED: "IN_PROGRESS",
};

export interface NewestReport {
  state: ReportState;
  errorCode: string | null;
  errorDetail: string | null;
}

export interface AzureFields {
  azureState: AzureComplianceState | null;
  azureReportedAt: Date | null;
  azureLastErrorCode: string | null;
  azureLastErrorDetail: string | null;
}

/**
 * `reportedAt` is the device's current report time; `completedAt` the completion time of a
 * report that just completed (it moves the report time forward, never back).
 */
export function deriveAzureFields(input: { newest: NewestReport | null; reportedAt: Date | null; completedAt?: Date | null }): AzureFields {
  const { newest } = input;
  let reportedAt = input.reportedAt;
  if (input.completedAt && (reportedAt === null || input.completedAt > reportedAt)) reportedAt = input.completedAt;
  const azureState = newest === null ? null : AZURE_STATE_OF_REPORT[newest.state];
  const error = azureState === "ERROR";
  return {
    azureState,
    azureReportedAt: reportedAt,
    azureLastErrorCode: error ? newest!.errorCode : null,
    azureLastErrorDetail: error ? newest!.errorDetail : null,
  };
}
