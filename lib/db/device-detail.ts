import type { Prisma, PrismaClient } from "@prisma/client";
import { IN_FLIGHT_STATES } from "../domain/report-progress";
import { reportListSelect } from "./report-list";

/** What the device page reads: the device, its policy evaluations and its report history. */

type Db = PrismaClient | Prisma.TransactionClient;

export const deviceDetailSelect = {
  id: true,
  name: true,
  platform: true,
  manufacturer: true,
  model: true,
  osVersion: true,
  serialNumber: true,
  udid: true,
  imei: true,
  ownerUpn: true,
  enrolledAt: true,
  lastCheckInAt: true,
  lifecycle: true,
  retiredAt: true,
  passcodeSet: true,
  encrypted: true,
  jailbroken: true,
  installedApps: true,
  azureDeviceId: true,
  clientStatusCode: true,
  clientStatusReportedAt: true,
  azureState: true,
  azureReportedAt: true,
  azureLastErrorCode: true,
  azureLastErrorDetail: true,
  verdict: true,
  winningAction: true,
  evaluatedAt: true,
  enrolledByKeyId: true,
} satisfies Prisma.DeviceSelect;

export type DeviceDetail = Prisma.DeviceGetPayload<{ select: typeof deviceDetailSelect }>;

/** A report as its device's history shows it: the API's report fields, with its trace, run and the entities sent. */
export const deviceReportSelect = {
  ...reportListSelect,
  traceId: true,
  weeklyRunId: true,
  payload: true,
  nextAttemptAt: true,
} satisfies Prisma.ReportSelect;

export type DeviceReport = Prisma.ReportGetPayload<{ select: typeof deviceReportSelect }>;

export interface DeviceEvaluation {
  policyId: string;
  policyName: string;
  policyEnabled: boolean;
  actions: string[];
  passed: boolean;
  failures: unknown;
  evaluatedAt: Date;
}

export async function getDevice(db: Db, id: string): Promise<DeviceDetail | null> {
  return db.device.findUnique({ where: { id }, select: deviceDetailSelect });
}

export async function deviceEvaluations(db: Db, deviceId: string): Promise<DeviceEvaluation[]> {
  const rows = await db.policyEvaluation.findMany({
    where: { deviceId },
    select: { policyId: true, passed: true, failures: true, evaluatedAt: true, policy: { select: { name: true, enabled: true, actions: true } } },
    orderBy: [{ policy: { name: "asc" } }],
  });
  return rows.map((r) => ({
    policyId: r.policyId,
    policyName: r.policy.name,
    policyEnabled: r.policy.enabled,
    actions: r.policy.actions,
    passed: r.passed,
    failures: r.failures,
    evaluatedAt: r.evaluatedAt,
  }));
}

/** Every report of the device, newest first (a device reports about once a week: a few hundred over years). */
export async function deviceReports(db: Db, deviceId: string): Promise<DeviceReport[]> {
  return db.report.findMany({ where: { deviceId }, orderBy: [{ queuedAt: "desc" }, { id: "desc" }], select: deviceReportSelect });
}

/** The device's report being queued, sent or awaited from Microsoft, if any (the oldest first: it goes first). */
export async function inFlightReport(db: Db, deviceId: string) {
  return db.report.findFirst({
    where: { deviceId, state: { in: [...IN_FLIGHT_STATES] } },
    orderBy: [{ queuedAt: "asc" }],
    select: { id: true, state: true, trigger: true, queuedAt: true },
  });
}
