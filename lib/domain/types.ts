/**
 * The domain's vocabulary, shared by every module of lib/domain. Plain string unions that
 * mirror the Prisma enums (prisma/schema.prisma) so that lib/domain imports no Prisma.
 */
export const PLATFORMS = ["IOS", "ANDROID"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const LIFECYCLES = ["ACTIVE", "RETIRE_PENDING", "RETIRED"] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** Exactly the eight codes of domain.md, spelled as the device reports them. */
export const CLIENT_STATUS_CODES = [
  "Success",
  "Internal_Error",
  "Workplace_Join_Required",
  "Interaction_Required",
  "Server_Declined_Scopes",
  "Server_Protection_Policies_Required",
  "User_Canceled",
  "Account_logged_out",
] as const;
export type ClientStatusCode = (typeof CLIENT_STATUS_CODES)[number];

export const AZURE_COMPLIANCE_STATES = ["IN_PROGRESS", "SUCCESS", "ERROR"] as const;
export type AzureComplianceState = (typeof AZURE_COMPLIANCE_STATES)[number];

export const VERDICTS = ["COMPLIANT", "NOT_COMPLIANT"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Least to most restrictive (BLOCK_EMAIL, BLOCK_APPCONNECT and QUARANTINE tie). */
export const POLICY_ACTIONS = ["SEND_ALERT", "BLOCK_EMAIL", "BLOCK_APPCONNECT", "QUARANTINE", "RETIRE"] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const REPORT_TRIGGERS = ["COMPLIANCE_CHANGE", "INVENTORY_CHANGE", "WEEKLY", "MANUAL", "RETIRE"] as const;
export type ReportTrigger = (typeof REPORT_TRIGGERS)[number];

export const REPORT_STATES = [
  "QUEUED",
  "SENDING",
  "ACCEPTED",
  "COMPLETED",
  "FAILED",
  "SKIPPED",
  "SUPERSEDED",
] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export type ComplianceStatus = "compliant" | "notCompliant";
export type ManagementState = "managed" | "notManaged";

export const ROLES = ["ADMIN", "HELPDESK", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

/** Languages of the texts lib/domain provides (the seed is Spanish; the UI follows the user's locale). */
export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];
