import type { Prisma, PrismaClient, Role } from "@prisma/client";
import { escapeLike } from "./sql";

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: Date;
  to?: Date;
}

export interface NewAuditEvent {
  actorEmail: string | null;
  actorRole: Role | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  traceId?: string | null;
  ip?: string | null;
}

const json = (v: Prisma.InputJsonValue | null | undefined) => (v === null || v === undefined ? undefined : v);

export async function insertAuditEvent(prisma: PrismaClient | Prisma.TransactionClient, event: NewAuditEvent) {
  return prisma.auditEvent.create({
    data: { ...event, before: json(event.before), after: json(event.after) },
  });
}

function where(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  // Prisma's string filters are (I)LIKE and do not escape its wildcards: the text typed is escaped here.
  if (filter.actor) and.push({ actorEmail: { contains: escapeLike(filter.actor), mode: "insensitive" } });
  if (filter.action) and.push({ action: { startsWith: escapeLike(filter.action) } });
  if (filter.target) {
    const target = escapeLike(filter.target);
    and.push({ OR: [{ targetId: { contains: target, mode: "insensitive" } }, { targetType: { equals: target, mode: "insensitive" } }] });
  }
  if (filter.from) and.push({ at: { gte: filter.from } });
  if (filter.to) and.push({ at: { lte: filter.to } });
  return and.length ? { AND: and } : {};
}

export async function listAuditEvents(prisma: PrismaClient, filter: AuditFilter, take = 200) {
  const w = where(filter);
  const [events, total] = await Promise.all([prisma.auditEvent.findMany({ where: w, orderBy: [{ at: "desc" }, { id: "desc" }], take }), prisma.auditEvent.count({ where: w })]);
  return { events, total };
}

/** Every matching event, newest first, in pages (keyset on at/id) so an export never holds the whole table. */
export async function* auditEventPages(prisma: PrismaClient, filter: AuditFilter, pageSize = 500) {
  let cursor: { id: string } | undefined;
  for (;;) {
    const page = await prisma.auditEvent.findMany({ where: where(filter), orderBy: [{ at: "desc" }, { id: "desc" }], take: pageSize, ...(cursor ? { cursor, skip: 1 } : {}) });
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    cursor = { id: page[page.length - 1]!.id };
  }
}

export async function distinctAuditActions(prisma: PrismaClient) {
  const rows = await prisma.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}

export async function latestAuditEvents(prisma: PrismaClient, take = 200) {
  return prisma.auditEvent.findMany({ orderBy: { at: "desc" }, take });
}
