import type { IntegrationMode, PrismaClient } from "@prisma/client";

/** The Azure integration settings: one row, created with its defaults on first read. */
export async function getAzureSettings(prisma: PrismaClient) {
  return (
    (await prisma.azureSettings.findUnique({ where: { id: 1 } })) ??
    (await prisma.azureSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} }))
  );
}

export interface SettingsChange {
  enabled?: boolean;
  mode?: IntegrationMode;
  tenantId?: string | null;
  clientId?: string | null;
  provisioned?: boolean;
  provisionedAt?: Date | null;
  partnerPolicyId?: string | null;
  weeklyDay?: number;
  weeklyTime?: string;
  weeklyTimeZone?: string;
}

/** Applies a change and returns the row before and after (for the audit trail). */
export async function updateAzureSettings(prisma: PrismaClient, change: SettingsChange, updatedBy: string) {
  const before = await getAzureSettings(prisma);
  const after = await prisma.azureSettings.update({ where: { id: 1 }, data: { ...change, updatedBy } });
  return { before, after };
}

export async function latestWeeklyRuns(prisma: PrismaClient, take = 5) {
  return prisma.weeklyRun.findMany({ orderBy: { scheduledFor: "desc" }, take });
}
