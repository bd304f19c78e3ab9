import type { PrismaClient } from "@prisma/client";

/** The Azure integration settings: one row, created with its defaults on first read. */
export async function getAzureSettings(prisma: PrismaClient) {
  return (
    (await prisma.azureSettings.findUnique({ where: { id: 1 } })) ??
    (await prisma.azureSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} }))
  );
}

export async function latestWeeklyRuns(prisma: PrismaClient, take = 5) {
  return prisma.weeklyRun.findMany({ orderBy: { scheduledFor: "desc" }, take });
}
