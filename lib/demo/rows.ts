/**
 * The rows of a demo fleet, as Prisma `createMany` inputs. Each type narrows Prisma's input
 * (ids, dates and nullable columns always present) so tests and callers can read them back
 * without optional-chaining, while staying assignable to `createMany({ data })`.
 */
import type {
  AzureComplianceState,
  ClientStatusCode,
  ComplianceStatus,
  Lifecycle,
  ManagementState,
  PolicyAction,
  Prisma,
  ReportState,
  ReportTrigger,
  Role,
  Verdict,
} from "@prisma/client";

export type DemoSettings = Prisma.AzureSettingsCreateManyInput & { id: 1 };

export type DemoUser = Prisma.UserCreateManyInput & { id: string; email: string; role: Role; createdAt: Date };

export type DemoPolicy = Prisma.CompliancePolicyCreateManyInput & {
  id: string;
  enabled: boolean;
  actions: PolicyAction[];
  createdAt: Date;
  updatedAt: Date;
};

export type DemoDevice = Prisma.DeviceCreateManyInput & {
  id: string;
  enrolledAt: Date;
  lastCheckInAt: Date;
  lifecycle: Lifecycle;
  retiredAt: Date | null;
  installedApps: string[];
  udid: string | null;
  imei: string | null;
  azureDeviceId: string | null;
  clientStatusCode: ClientStatusCode | null;
  clientStatusReportedAt: Date | null;
  azureState: AzureComplianceState | null;
  azureReportedAt: Date | null;
  azureLastErrorCode: string | null;
  azureLastErrorDetail: string | null;
  verdict: Verdict;
  winningAction: PolicyAction | null;
  evaluatedAt: Date;
  createdAt: Date;
  updatedAt: Date;
};

export type DemoEvaluation = Prisma.PolicyEvaluationCreateManyInput & { evaluatedAt: Date };

export type DemoReport = Prisma.ReportCreateManyInput & {
  id: string;
  trigger: ReportTrigger;
  state: ReportState;
  requestedBy: string | null;
  traceId: string | null;
  weeklyRunId: string | null;
  complianceStatus: ComplianceStatus;
  managementState: ManagementState;
  lastUpdateTime: Date;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  messageId: string | null;
  httpStatus: number | null;
  errorCode: string | null;
  errorDetail: string | null;
  queuedAt: Date;
  sendingAt: Date | null;
  acceptedAt: Date | null;
  completedAt: Date | null;
  failedAt: Date | null;
  skippedAt: Date | null;
  supersededAt: Date | null;
};

export type DemoWeeklyRun = Prisma.WeeklyRunCreateManyInput & {
  id: string;
  scheduledFor: Date;
  startedAt: Date;
  finishedAt: Date;
  total: number;
  queued: number;
  skipped: number;
  completed: number;
  failed: number;
};

export type DemoAuditEvent = Prisma.AuditEventCreateManyInput & {
  id: string;
  at: Date;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string;
  traceId: string;
};

/** Json columns take plain data; the entity interfaces lack the index signature Prisma's Json type wants. */
export function asJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
