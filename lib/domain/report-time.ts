/**
 * Explains the "Azure compliance report time" field (Hora del informe de cumplimiento del
 * dispositivo Azure). The seed says a blank time means exactly one of: the feature is
 * disabled; the data was received and the Microsoft API not yet called; or an error such as
 * User_Canceled or Internal_Error. The page must say which one applies to this device.
 */
import type { AzureComplianceState, ClientStatusCode } from "./types";

export interface ReportTimeInput {
  integrationEnabled: boolean;
  azureDeviceId: string | null;
  clientStatusCode: ClientStatusCode | null;
  azureState: AzureComplianceState | null;
  azureReportedAt: Date | null;
  lastErrorCode: string | null;
  lastErrorDetail: string | null;
}

export type ReportTimeExplanation =
  | { kind: "reported"; at: Date }
  | { kind: "disabled" }
  | { kind: "pending" }
  | { kind: "error"; code: string; detail: string | null };

/** Code shown when the last report failed without Microsoft (or the client) naming an error. */
export const UNKNOWN_REPORT_ERROR = "Unknown_Error";

/**
 * Precedence, first match wins:
 * 1. reported: a confirmed report time exists. It stays shown even while a newer report is
 *    in progress, after a later failure, or after the integration was switched off: it is
 *    still the truth about the last confirmed report.
 * 2. disabled: the integration is off, so nothing will be sent, whatever else is wrong.
 * 3. No Azure device ID (Microsoft cannot be called for this device):
 *    a. error with the client status code when it names a failure (User_Canceled,
 *       Internal_Error, ...): that is why there is no ID, and what helpdesk must act on;
 *    b. error with the last report's error code, if one was recorded;
 *    c. pending otherwise (no client status yet, or "Success" whose ID has not arrived):
 *       the data is in and the device is waiting for its ID before Microsoft can be called.
 * 4. With an Azure device ID (a later client status failure does not stop reporting):
 *    a. pending while a report is in progress, even if an earlier attempt failed: the
 *       retry, not the old error, is what happens now;
 *    b. error when the last report failed (its code, or Unknown_Error if none was kept), or
 *       when an error is recorded and there is no report state yet;
 *    c. pending otherwise: the data was received and Microsoft not yet called.
 */
export function explainReportTime(input: ReportTimeInput): ReportTimeExplanation {
  if (input.azureReportedAt !== null) return { kind: "reported", at: input.azureReportedAt };
  if (!input.integrationEnabled) return { kind: "disabled" };

  if (input.azureDeviceId === null) {
    if (input.clientStatusCode !== null && input.clientStatusCode !== "Success") {
      return { kind: "error", code: input.clientStatusCode, detail: null };
    }
    return lastError(input) ?? { kind: "pending" };
  }

  // SUCCESS without a report time cannot normally happen; any recorded error would be stale.
  if (input.azureState === "IN_PROGRESS" || input.azureState === "SUCCESS") return { kind: "pending" };
  if (input.azureState === "ERROR") {
    return lastError(input) ?? { kind: "error", code: UNKNOWN_REPORT_ERROR, detail: input.lastErrorDetail };
  }
  return lastError(input) ?? { kind: "pending" };
}

function lastError(input: ReportTimeInput): ReportTimeExplanation | null {
  if (input.lastErrorCode === null || input.lastErrorCode === "") return null;
  return { kind: "error", code: input.lastErrorCode, detail: input.lastErrorDetail };
}

/** A device's stored Azure fields, as its row names them. */
export interface DeviceAzureFields {
  azureDeviceId: string | null;
  clientStatusCode: ClientStatusCode | null;
  azureState: AzureComplianceState | null;
  azureReportedAt: Date | null;
  azureLastErrorCode: string | null;
  azureLastErrorDetail: string | null;
}

/** explainReportTime for a device row: the one mapping of its fields every page, export and API answer uses. */
export function explainDeviceReportTime(device: DeviceAzureFields, integrationEnabled: boolean): ReportTimeExplanation {
  return explainReportTime({
    integrationEnabled,
    azureDeviceId: device.azureDeviceId,
    clientStatusCode: device.clientStatusCode,
    azureState: device.azureState,
    azureReportedAt: device.azureReportedAt,
    lastErrorCode: device.azureLastErrorCode,
    lastErrorDetail: device.azureLastErrorDetail,
  });
}
