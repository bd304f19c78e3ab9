import { describe, expect, it } from "vitest";
import type { DeviceExportRow } from "../db/devices";
import { csvLine } from "../csv";
import { blankReason, DEVICE_CSV_COLUMNS, deviceCsvValues } from "./device-csv";

const row = (over: Partial<DeviceExportRow>): DeviceExportRow => ({
  id: "1e2ceb0c-e3ba-4fec-85a1-260c69e38cba",
  name: "=Ana's iPhone, \"work\"",
  platform: "IOS",
  model: "iPhone 15",
  osVersion: "18.1",
  ownerUpn: "ana@contoso.example",
  azureDeviceId: null,
  clientStatusCode: "User_Canceled",
  azureState: "ERROR",
  azureReportedAt: null,
  azureLastErrorCode: "User_Canceled",
  azureLastErrorDetail: null,
  lastCheckInAt: new Date("2026-03-01T08:00:00Z"),
  verdict: "COMPLIANT",
  lifecycle: "ACTIVE",
  manufacturer: "Apple",
  serialNumber: "F2LXK0ABCD12",
  enrolledAt: new Date("2026-01-01T00:00:00Z"),
  clientStatusReportedAt: null,
  winningAction: null,
  retiredAt: null,
  ...over,
});

describe("device CSV", () => {
  it("gives the one reason a blank report time has, and nothing when reported", () => {
    expect(blankReason(row({}), true)).toBe("error:User_Canceled");
    expect(blankReason(row({}), false)).toBe("disabled");
    expect(blankReason(row({ clientStatusCode: null, azureLastErrorCode: null, azureState: null }), true)).toBe("pending");
    expect(blankReason(row({ azureReportedAt: new Date() }), true)).toBe("");
  });

  it("writes one value per column, quoting what a spreadsheet would misread", () => {
    const values = deviceCsvValues(row({}), true);
    expect(values).toHaveLength(DEVICE_CSV_COLUMNS.length);
    const line = csvLine(values);
    expect(line.startsWith(`1e2ceb0c-e3ba-4fec-85a1-260c69e38cba,"'=Ana's iPhone, ""work""",ana@contoso.example,IOS,`)).toBe(true);
    expect(line).toContain(",2026-03-01T08:00:00.000Z\r\n");
  });
});
