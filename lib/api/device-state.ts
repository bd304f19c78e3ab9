import type { PrismaClient } from "@prisma/client";
import { deviceStateRow, deviceStateRows, type DeviceStateRow } from "../db/check-ins";
import type { RuleFailure } from "../domain/compliance";
import { explainDeviceReportTime } from "../domain/report-time";
import type { DeviceState } from "./schemas";

/** What the server believes about a device, as GET /api/v1/devices/{id} and a check-in answer it. */
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDeviceState({ device: d, lastReport, violations, integrationEnabled }: DeviceStateRow): DeviceState {
  const reportTime = explainDeviceReportTime(d, integrationEnabled);
  const notCompliant = d.verdict === "NOT_COMPLIANT";
  return {
    id: d.id,
    name: d.name,
    platform: d.platform,
    lifecycle: d.lifecycle,
    retiredAt: iso(d.retiredAt),
    enrolledAt: d.enrolledAt.toISOString(),
    lastCheckInAt: d.lastCheckInAt.toISOString(),
    compliance: {
      verdict: d.verdict,
      complianceStatus: notCompliant ? "notCompliant" : "compliant",
      winningAction: d.winningAction,
      evaluatedAt: iso(d.evaluatedAt),
      violatedPolicies: violations.map((v) => ({ ...v, failures: (Array.isArray(v.failures) ? v.failures : []) as RuleFailure[] })),
    },
    azure: {
      deviceId: d.azureDeviceId,
      clientStatusCode: d.clientStatusCode,
      clientStatusReportedAt: iso(d.clientStatusReportedAt),
      complianceState: d.azureState,
      reportedAt: iso(d.azureReportedAt),
      lastErrorCode: d.azureLastErrorCode,
      lastErrorDetail: d.azureLastErrorDetail,
      reportTime: reportTime.kind === "reported" ? { kind: "reported", at: reportTime.at.toISOString() } : reportTime,
    },
    lastReport,
  };
}

export async function readDeviceState(prisma: PrismaClient, deviceId: string): Promise<DeviceState | null> {
  const row = await deviceStateRow(prisma, deviceId);
  return row ? toDeviceState(row) : null;
}

/** readDeviceState for many devices, one statement. Absent: no such device. */
export async function readDeviceStates(prisma: PrismaClient, deviceIds: string[]): Promise<Map<string, DeviceState>> {
  const rows = await deviceStateRows(prisma, deviceIds);
  return new Map([...rows].map(([id, row]) => [id, toDeviceState(row)]));
}
