import { z } from "zod";
import {
  AZURE_COMPLIANCE_STATES,
  CLIENT_STATUS_CODES,
  LIFECYCLES,
  PLATFORMS,
  POLICY_ACTIONS,
  REPORT_STATES,
  REPORT_TRIGGERS,
  VERDICTS,
} from "../domain/types";

/**
 * The device API's answers. The request bodies are lib/domain/check-in.ts's schemas; these
 * describe what comes back, for the OpenAPI document and to type the code that builds them
 * (so the document cannot drift from the answers).
 */
const when = (description: string) => z.iso.datetime().meta({ description });
const maybeWhen = (description: string) => z.iso.datetime().nullable().meta({ description });

export const problemSchema = z.object({
  field: z.string().meta({ description: "Dotted path of the field at fault (`(body)` for the whole body), or the header" }),
  problem: z.string().meta({ description: "What is wrong with it" }),
});

export const errorSchema = z
  .object({
    error: z.string().meta({ description: "Stable machine code", examples: ["invalid_body"] }),
    message: z.string(),
    problems: z.array(problemSchema),
  })
  .meta({ id: "Error" });

export const reportSummarySchema = z
  .object({
    id: z.guid(),
    trigger: z.enum(REPORT_TRIGGERS),
    state: z.enum(REPORT_STATES),
    complianceStatus: z.enum(["compliant", "notCompliant"]),
    managementState: z.enum(["managed", "notManaged"]),
    queuedAt: when("When the report was queued"),
    completedAt: maybeWhen("When Microsoft confirmed it"),
    failedAt: maybeWhen("When it ended in error"),
    errorCode: z.string().nullable(),
    errorDetail: z.string().nullable(),
  })
  .meta({ id: "ReportSummary" });

export const ruleFailureSchema = z.object({ rule: z.string(), expected: z.string(), actual: z.string() });

export const reportTimeSchema = z
  .object({
    kind: z.enum(["reported", "disabled", "pending", "error"]).meta({
      description: "Why the Azure compliance report time is what it is: reported (at), the integration is disabled, the data is in and Microsoft not called yet, or an error (code)",
    }),
    at: z.iso.datetime().optional(),
    code: z.string().optional(),
    detail: z.string().nullable().optional(),
  })
  .meta({ id: "ReportTime" });

export const deviceStateSchema = z
  .object({
    id: z.guid(),
    name: z.string(),
    platform: z.enum(PLATFORMS),
    lifecycle: z.enum(LIFECYCLES),
    retiredAt: maybeWhen("When the device was retired"),
    enrolledAt: when("Enrolment time"),
    lastCheckInAt: when("Last check-in the server applied"),
    compliance: z.object({
      verdict: z.enum(VERDICTS),
      complianceStatus: z.enum(["compliant", "notCompliant"]).meta({ description: "What is sent to Microsoft" }),
      winningAction: z.enum(POLICY_ACTIONS).nullable().meta({ description: "Most restrictive action of the violated policies" }),
      evaluatedAt: maybeWhen("Time of the last evaluation"),
      violatedPolicies: z.array(
        z.object({ policyId: z.guid(), name: z.string(), actions: z.array(z.enum(POLICY_ACTIONS)), failures: z.array(ruleFailureSchema) }),
      ),
    }),
    azure: z.object({
      deviceId: z.guid().nullable().meta({ description: "Entra device ID (Identificador del dispositivo Azure)" }),
      clientStatusCode: z.enum(CLIENT_STATUS_CODES).nullable().meta({ description: "Last code the device's Microsoft sign-in library reported" }),
      clientStatusReportedAt: maybeWhen("When the device reported it"),
      complianceState: z.enum(AZURE_COMPLIANCE_STATES).nullable().meta({ description: "State of the last report to Microsoft" }),
      reportedAt: maybeWhen("Last report Microsoft confirmed (Hora del informe de cumplimiento)"),
      lastErrorCode: z.string().nullable(),
      lastErrorDetail: z.string().nullable(),
      reportTime: reportTimeSchema,
    }),
    lastReport: reportSummarySchema.nullable(),
  })
  .meta({ id: "DeviceState" });

export const checkInResultSchema = z
  .object({
    checkInId: z.guid(),
    replayed: z.boolean().meta({ description: "True when this checkInId had been applied already: nothing was applied again" }),
    receivedAt: when("When the check-in was first applied"),
    changes: z.object({ inventory: z.boolean(), compliance: z.boolean() }),
    reportsQueued: z.array(z.enum(REPORT_TRIGGERS)).meta({ description: "Reports the check-in queued (empty when nothing changed)" }),
    device: deviceStateSchema,
  })
  .meta({ id: "CheckInResult" });

export const enrollmentResultSchema = z
  .object({
    deviceId: z.guid(),
    deviceToken: z.string().meta({ description: "The device's bearer token. Shown once: only its hash is stored" }),
    reportsQueued: z.array(z.enum(REPORT_TRIGGERS)),
    device: deviceStateSchema,
  })
  .meta({ id: "EnrollmentResult" });

const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({ page: z.int(), size: z.int(), total: z.int(), pages: z.int(), items: z.array(item) })
    .meta({ id });

export const deviceListItemSchema = z
  .object({
    id: z.guid(),
    name: z.string(),
    platform: z.enum(PLATFORMS),
    model: z.string(),
    osVersion: z.string(),
    ownerUpn: z.string(),
    azureDeviceId: z.guid().nullable(),
    clientStatusCode: z.enum(CLIENT_STATUS_CODES).nullable(),
    azureState: z.enum(AZURE_COMPLIANCE_STATES).nullable(),
    azureReportedAt: z.iso.datetime().nullable(),
    azureLastErrorCode: z.string().nullable(),
    azureLastErrorDetail: z.string().nullable(),
    lastCheckInAt: z.iso.datetime(),
    verdict: z.enum(VERDICTS),
    lifecycle: z.enum(LIFECYCLES),
  })
  .meta({ id: "DeviceListItem" });

export const reportListItemSchema = z
  .object({
    id: z.guid(),
    deviceId: z.guid(),
    trigger: z.enum(REPORT_TRIGGERS),
    state: z.enum(REPORT_STATES),
    requestedBy: z.string().nullable(),
    complianceStatus: z.enum(["compliant", "notCompliant"]),
    managementState: z.enum(["managed", "notManaged"]),
    lastUpdateTime: z.iso.datetime(),
    attempts: z.int(),
    messageId: z.guid().nullable(),
    httpStatus: z.int().nullable(),
    errorCode: z.string().nullable(),
    errorDetail: z.string().nullable(),
    queuedAt: z.iso.datetime(),
    sendingAt: z.iso.datetime().nullable(),
    acceptedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    failedAt: z.iso.datetime().nullable(),
    skippedAt: z.iso.datetime().nullable(),
    supersededAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ReportListItem" });

export const deviceListResultSchema = pageOf(deviceListItemSchema, "DeviceList");
export const reportListResultSchema = pageOf(reportListItemSchema, "ReportList");

export type DeviceState = z.input<typeof deviceStateSchema>;
export type CheckInResult = z.input<typeof checkInResultSchema>;
export type EnrollmentResult = z.input<typeof enrollmentResultSchema>;
export type DeviceListResult = z.input<typeof deviceListResultSchema>;
export type ReportListResult = z.input<typeof reportListResultSchema>;
