import type { Prisma, PrismaClient } from "@prisma/client";
import type { ReportListParams } from "../domain/report-list-params";

/** The report history, filtered and paged, newest first (read side only; lib/db/reports.ts queues and sends). */
export function reportWhere(p: ReportListParams): Prisma.ReportWhereInput {
  const and: Prisma.ReportWhereInput[] = [];
  if (p.deviceId) and.push({ deviceId: p.deviceId });
  if (p.trigger) and.push({ trigger: p.trigger });
  if (p.state) and.push({ state: p.state });
  if (p.from) and.push({ queuedAt: { gte: new Date(p.from) } });
  if (p.to) and.push({ queuedAt: { lte: new Date(p.to) } });
  return and.length ? { AND: and } : {};
}

export const reportListSelect = {
  id: true,
  deviceId: true,
  trigger: true,
  state: true,
  requestedBy: true,
  complianceStatus: true,
  managementState: true,
  lastUpdateTime: true,
  attempts: true,
  messageId: true,
  httpStatus: true,
  errorCode: true,
  errorDetail: true,
  queuedAt: true,
  sendingAt: true,
  acceptedAt: true,
  completedAt: true,
  failedAt: true,
  skippedAt: true,
  supersededAt: true,
} satisfies Prisma.ReportSelect;

export type ReportListRow = Prisma.ReportGetPayload<{ select: typeof reportListSelect }>;

export async function listReports(prisma: PrismaClient, p: ReportListParams): Promise<{ rows: ReportListRow[]; total: number }> {
  const where = reportWhere(p);
  const [rows, total] = await Promise.all([
    prisma.report.findMany({ where, orderBy: [{ queuedAt: "desc" }, { id: "desc" }], skip: (p.page - 1) * p.size, take: p.size, select: reportListSelect }),
    prisma.report.count({ where }),
  ]);
  return { rows, total };
}
