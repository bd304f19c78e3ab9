import type { PrismaClient } from "@prisma/client";

export async function latestAuditEvents(prisma: PrismaClient, take = 200) {
  return prisma.auditEvent.findMany({ orderBy: { at: "desc" }, take });
}
