import "server-only";
import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";
import { prisma } from "../db";
import { insertAuditEvent } from "../db/audit";
import { log } from "../log";
import type { SessionUser } from "../auth/session";

/**
 * Records who did what. The trace id is the link from a person's action to what it caused:
 * pass the same id to the reports an action creates (Report.traceId), so the device page can
 * show "requested by".
 */
export function newTraceId(): string {
  return crypto.randomUUID();
}

export interface AuditInput {
  actor: Pick<SessionUser, "email" | "role"> | null;
  action: string;
  target?: { type: string; id?: string | null };
  before?: unknown;
  after?: unknown;
  traceId?: string;
  ip?: string | null;
}

export async function recordAudit(input: AuditInput): Promise<string> {
  const traceId = input.traceId ?? newTraceId();
  await insertAuditEvent(await prisma(), {
    actorEmail: input.actor?.email ?? null,
    actorRole: input.actor?.role ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    before: (input.before ?? null) as Prisma.InputJsonValue | null,
    after: (input.after ?? null) as Prisma.InputJsonValue | null,
    traceId,
    ip: input.ip ?? null,
  });
  log.info({ component: "audit", action: input.action, actor: input.actor?.email ?? null, target: input.target ?? null, traceId }, "audit event");
  return traceId;
}
