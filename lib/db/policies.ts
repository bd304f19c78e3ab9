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

// ---------------------------------------------------------------- the policy editor

export interface PolicyRow extends StoredPolicy {
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

const policySelect = {
  id: true,
  name: true,
  description: true,
  enabled: true,
  platforms: true,
  rules: true,
  actions: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CompliancePolicySelect;

/** Every policy, enabled or not, in evaluation order. */
export async function listPolicies(db: Db): Promise<PolicyRow[]> {
  return db.compliancePolicy.findMany({ select: policySelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function findPolicy(db: Db, id: string): Promise<PolicyRow | null> {
  return db.compliancePolicy.findUnique({ where: { id }, select: policySelect });
}

/** The policy's row locked until the end of the transaction (two admins saving it wait for each other). */
export async function lockPolicy(tx: Prisma.TransactionClient, id: string): Promise<PolicyRow | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "CompliancePolicy" WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length === 0 ? null : findPolicy(tx, id);
}

export interface PolicyValues {
  name: string;
  description: string;
  platforms: Platform[];
  enabled: boolean;
  rules: Prisma.InputJsonValue;
  actions: PolicyAction[];
}

export async function insertPolicy(tx: Prisma.TransactionClient, values: PolicyValues): Promise<PolicyRow> {
  return tx.compliancePolicy.create({ data: values, select: policySelect });
}

export async function updatePolicy(tx: Prisma.TransactionClient, id: string, values: PolicyValues): Promise<PolicyRow> {
  return tx.compliancePolicy.update({ where: { id }, data: values, select: policySelect });
}

/** Deletes the policy and (cascade) its evaluations. */
export async function deletePolicyRow(tx: Prisma.TransactionClient, id: string): Promise<void> {
  await tx.compliancePolicy.delete({ where: { id } });
}

export async function policyNameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
  const found = await db.compliancePolicy.findFirst({ where: { name, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  return found !== null;
}

/**
 * Devices each policy currently fails (its last evaluation did not pass), retired devices
 * left out: they are no longer managed. Policies failed by no device are absent.
 */
export async function failingDeviceCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ policyId: string; count: bigint | number }[]>`
    SELECT e."policyId"::text AS "policyId", count(*) AS count
    FROM "PolicyEvaluation" e JOIN "Device" d ON d.id = e."deviceId"
    WHERE NOT e.passed AND d.lifecycle <> 'RETIRED'
    GROUP BY e."policyId"`;
  return new Map(rows.map((r) => [r.policyId, Number(r.count)]));
}
