-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('IOS', 'ANDROID');

-- CreateEnum
CREATE TYPE "Lifecycle" AS ENUM ('ACTIVE', 'RETIRE_PENDING', 'RETIRED');

-- CreateEnum
CREATE TYPE "ClientStatusCode" AS ENUM ('Success', 'Internal_Error', 'Workplace_Join_Required', 'Interaction_Required', 'Server_Declined_Scopes', 'Server_Protection_Policies_Required', 'User_Canceled', 'Account_logged_out');

-- CreateEnum
CREATE TYPE "AzureComplianceState" AS ENUM ('IN_PROGRESS', 'SUCCESS', 'ERROR');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('COMPLIANT', 'NOT_COMPLIANT');

-- CreateEnum
CREATE TYPE "PolicyAction" AS ENUM ('SEND_ALERT', 'BLOCK_EMAIL', 'BLOCK_APPCONNECT', 'QUARANTINE', 'RETIRE');

-- CreateEnum
CREATE TYPE "ReportTrigger" AS ENUM ('COMPLIANCE_CHANGE', 'INVENTORY_CHANGE', 'WEEKLY', 'MANUAL', 'RETIRE');

-- CreateEnum
CREATE TYPE "ReportState" AS ENUM ('QUEUED', 'SENDING', 'ACCEPTED', 'COMPLETED', 'FAILED', 'SKIPPED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "ComplianceStatus" AS ENUM ('compliant', 'notCompliant');

-- CreateEnum
CREATE TYPE "ManagementState" AS ENUM ('managed', 'notManaged');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'HELPDESK', 'VIEWER');

-- CreateEnum
CREATE TYPE "IntegrationMode" AS ENUM ('EMULATED', 'MICROSOFT');

-- CreateEnum
CREATE TYPE "WeeklyRunState" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "Device" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "manufacturer" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "osVersion" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "udid" TEXT,
    "imei" TEXT,
    "ownerUpn" TEXT NOT NULL,
    "enrolledAt" TIMESTAMPTZ(3) NOT NULL,
    "lastCheckInAt" TIMESTAMPTZ(3) NOT NULL,
    "lifecycle" "Lifecycle" NOT NULL DEFAULT 'ACTIVE',
    "retiredAt" TIMESTAMPTZ(3),
    "passcodeSet" BOOLEAN NOT NULL,
    "encrypted" BOOLEAN NOT NULL,
    "jailbroken" BOOLEAN NOT NULL,
    "installedApps" TEXT[],
    "azureDeviceId" UUID,
    "clientStatusCode" "ClientStatusCode",
    "clientStatusReportedAt" TIMESTAMPTZ(3),
    "azureState" "AzureComplianceState",
    "azureReportedAt" TIMESTAMPTZ(3),
    "azureLastErrorCode" TEXT,
    "azureLastErrorDetail" TEXT,
    "inventoryFingerprint" TEXT NOT NULL,
    "verdict" "Verdict" NOT NULL DEFAULT 'COMPLIANT',
    "winningAction" "PolicyAction",
    "evaluatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CompliancePolicy" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "platforms" "Platform"[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "rules" JSONB NOT NULL,
    "actions" "PolicyAction"[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CompliancePolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyEvaluation" (
    "deviceId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "failures" JSONB NOT NULL,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PolicyEvaluation_pkey" PRIMARY KEY ("deviceId","policyId")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "trigger" "ReportTrigger" NOT NULL,
    "state" "ReportState" NOT NULL DEFAULT 'QUEUED',
    "requestedBy" TEXT,
    "traceId" TEXT,
    "weeklyRunId" UUID,
    "complianceStatus" "ComplianceStatus" NOT NULL,
    "managementState" "ManagementState" NOT NULL DEFAULT 'managed',
    "payload" JSONB NOT NULL,
    "lastUpdateTime" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "messageId" UUID,
    "httpStatus" INTEGER,
    "errorCode" TEXT,
    "errorDetail" TEXT,
    "queuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sendingAt" TIMESTAMPTZ(3),
    "acceptedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "failedAt" TIMESTAMPTZ(3),
    "skippedAt" TIMESTAMPTZ(3),
    "supersededAt" TIMESTAMPTZ(3),

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AzureSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mode" "IntegrationMode" NOT NULL DEFAULT 'EMULATED',
    "tenantId" TEXT,
    "clientId" TEXT,
    "provisioned" BOOLEAN NOT NULL DEFAULT false,
    "provisionedAt" TIMESTAMPTZ(3),
    "partnerPolicyId" TEXT,
    "weeklyDay" INTEGER NOT NULL DEFAULT 0,
    "weeklyTime" TEXT NOT NULL DEFAULT '02:00',
    "weeklyTimeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "AzureSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WeeklyRun" (
    "id" UUID NOT NULL,
    "scheduledFor" TIMESTAMPTZ(3) NOT NULL,
    "state" "WeeklyRunState" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "cursor" UUID,
    "total" INTEGER NOT NULL DEFAULT 0,
    "queued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WeeklyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT,
    "entraObjectId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorEmail" TEXT,
    "actorRole" "Role",
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "traceId" TEXT,
    "ip" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Device_name_id_idx" ON "Device"("name", "id");

-- CreateIndex
CREATE INDEX "Device_ownerUpn_id_idx" ON "Device"("ownerUpn", "id");

-- CreateIndex
CREATE INDEX "Device_serialNumber_idx" ON "Device"("serialNumber");

-- CreateIndex
CREATE INDEX "Device_azureDeviceId_idx" ON "Device"("azureDeviceId");

-- CreateIndex
CREATE INDEX "Device_platform_id_idx" ON "Device"("platform", "id");

-- CreateIndex
CREATE INDEX "Device_clientStatusCode_id_idx" ON "Device"("clientStatusCode", "id");

-- CreateIndex
CREATE INDEX "Device_azureState_id_idx" ON "Device"("azureState", "id");

-- CreateIndex
CREATE INDEX "Device_verdict_id_idx" ON "Device"("verdict", "id");

-- CreateIndex
CREATE INDEX "Device_lifecycle_id_idx" ON "Device"("lifecycle", "id");

-- CreateIndex
CREATE INDEX "Device_azureReportedAt_id_idx" ON "Device"("azureReportedAt", "id");

-- CreateIndex
CREATE INDEX "Device_lastCheckInAt_id_idx" ON "Device"("lastCheckInAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CompliancePolicy_name_key" ON "CompliancePolicy"("name");

-- CreateIndex
CREATE INDEX "PolicyEvaluation_policyId_passed_idx" ON "PolicyEvaluation"("policyId", "passed");

-- CreateIndex
CREATE INDEX "Report_state_nextAttemptAt_idx" ON "Report"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Report_deviceId_queuedAt_idx" ON "Report"("deviceId", "queuedAt" DESC);

-- CreateIndex
CREATE INDEX "Report_weeklyRunId_idx" ON "Report"("weeklyRunId");

-- CreateIndex
CREATE INDEX "Report_traceId_idx" ON "Report"("traceId");

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyRun_scheduledFor_key" ON "WeeklyRun"("scheduledFor");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_entraObjectId_key" ON "User"("entraObjectId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_actorEmail_at_idx" ON "AuditEvent"("actorEmail", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_traceId_idx" ON "AuditEvent"("traceId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- AddForeignKey
ALTER TABLE "PolicyEvaluation" ADD CONSTRAINT "PolicyEvaluation_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvaluation" ADD CONSTRAINT "PolicyEvaluation_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "CompliancePolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_weeklyRunId_fkey" FOREIGN KEY ("weeklyRunId") REFERENCES "WeeklyRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;
