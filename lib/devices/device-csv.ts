import type { DeviceExportRow } from "../db/devices";
import { explainDeviceReportTime } from "../domain/report-time";

/**
 * The device list's CSV export: one line per device, raw values (codes, ISO 8601 UTC times) so
 * a spreadsheet or a ticket search finds them, plus the one reason a blank report time has.
 */
export const DEVICE_CSV_COLUMNS = [
  "id",
  "name",
  "ownerUpn",
  "platform",
  "manufacturer",
  "model",
  "osVersion",
  "serialNumber",
  "azureDeviceId",
  "clientStatusCode",
  "clientStatusReportedAt",
  "azureState",
  "azureReportedAt",
  "reportTimeBlankReason",
  "azureLastErrorCode",
  "azureLastErrorDetail",
  "verdict",
  "winningAction",
  "lifecycle",
  "retiredAt",
  "enrolledAt",
  "lastCheckInAt",
] as const;

type Column = (typeof DEVICE_CSV_COLUMNS)[number];

/** "" when reported; else disabled, pending, or error:<code>. */
export function blankReason(d: DeviceExportRow, integrationEnabled: boolean): string {
  const e = explainDeviceReportTime(d, integrationEnabled);
  return e.kind === "reported" ? "" : e.kind === "error" ? `error:${e.code}` : e.kind;
}

export function deviceCsvValues(d: DeviceExportRow, integrationEnabled: boolean): unknown[] {
  return DEVICE_CSV_COLUMNS.map((c: Column) => (c === "reportTimeBlankReason" ? blankReason(d, integrationEnabled) : d[c]));
}
