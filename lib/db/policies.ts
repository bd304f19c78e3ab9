import type { Platform, PolicyAction, Prisma, PrismaClient } from "@prisma/client";

/**
 * Compliance policies as stored (rules unparsed: lib/domain/policy-rules.ts validates them).
 * Raw SQL: read at every check-in.
 */
type Db = PrismaClient | Prisma.TransactionClient;

export interface StoredPolicy {
  id: string;
  name: string;
  enabled: boolean;
  platforms: Platform[];
  rules: unknown;
  actions: PolicyAction[];
}

export async function enabledPolicies(db: Db): Promise<StoredPolicy[]> {
  return db.$queryRaw<StoredPolicy[]>`
    SELECT id::text AS id, name, enabled, platforms::text[] AS platforms, rules, actions::text[] AS actions
    FROM "CompliancePolicy" WHERE enabled ORDER BY "createdAt", id`;
}
