/**
 * Saving and deleting a policy (ADMIN, through app/policies/actions.ts): one transaction that
 * changes the policy and, when the change can alter verdicts, creates its re-evaluation, so a
 * saved change is never left without one (lib/reporting/reevaluator.ts runs it).
 */
import { Prisma, type PolicyReevaluation, type PrismaClient } from "@prisma/client";
import { deletePolicyRow, insertPolicy, lockPolicy, policyNameTaken, updatePolicy, type PolicyRow } from "../db/policies";
import { createReevaluation } from "../db/policy-reevaluations";
import { draftAsPolicyInput, type PolicyDraft } from "../domain/policy-draft";
import { affectedPlatforms, type PolicyChange } from "../domain/policy-impact";
import { storedAsPolicyInput } from "./policy-inputs";

export interface ChangeContext {
  /** The stored policy's updatedAt the admin previewed against (null for a new policy). */
  expectedVersion: string | null;
  requestedBy: string;
  traceId: string;
  now?: Date;
}

export type SaveOutcome =
  | { ok: true; before: PolicyRow | null; after: PolicyRow | null; reevaluation: PolicyReevaluation | null }
  | { ok: false; reason: "notFound" | "stale" | "nameTaken" };

const TRANSACTION = { maxWait: 15_000, timeout: 60_000 } as const;

/** The stored policy's version, as the preview token and the stale check compare it. */
export function policyVersion(row: Pick<PolicyRow, "updatedAt"> | null): string | null {
  return row ? row.updatedAt.toISOString() : null;
}

function values(draft: PolicyDraft) {
  return { ...draft, rules: draft.rules as Prisma.InputJsonValue };
}

/** Creates (id null) or updates a policy. */
export async function savePolicy(prisma: PrismaClient, id: string | null, draft: PolicyDraft, context: ChangeContext): Promise<SaveOutcome> {
  const now = context.now ?? new Date();
  try {
    return await prisma.$transaction(async (tx): Promise<SaveOutcome> => {
      const before = id ? await lockPolicy(tx, id) : null;
      if (id && !before) return { ok: false, reason: "notFound" };
      if (policyVersion(before) !== context.expectedVersion) return { ok: false, reason: "stale" };
      if (await policyNameTaken(tx, draft.name, id)) return { ok: false, reason: "nameTaken" };
      const after = before ? await updatePolicy(tx, before.id, values(draft)) : await insertPolicy(tx, values(draft));
      const change: PolicyChange = { kind: "save", before: before ? storedAsPolicyInput(before) : null, after: draftAsPolicyInput(after.id, draft) };
      const reevaluation = await reevaluate(tx, change, before ? "update" : "create", context, now);
      return { ok: true, before, after, reevaluation };
    }, TRANSACTION);
  } catch (error) {
    // Two admins creating the same name at once: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "nameTaken" };
    throw error;
  }
}

export async function deletePolicy(prisma: PrismaClient, id: string, context: ChangeContext): Promise<SaveOutcome> {
  const now = context.now ?? new Date();
  return prisma.$transaction(async (tx): Promise<SaveOutcome> => {
    const before = await lockPolicy(tx, id);
    if (!before) return { ok: false, reason: "notFound" };
    if (policyVersion(before) !== context.expectedVersion) return { ok: false, reason: "stale" };
    await deletePolicyRow(tx, id);
    const reevaluation = await reevaluate(tx, { kind: "delete", before: storedAsPolicyInput(before) }, "delete", context, now);
    return { ok: true, before, after: null, reevaluation };
  }, TRANSACTION);
}

async function reevaluate(tx: Prisma.TransactionClient, change: PolicyChange, kind: "create" | "update" | "delete", context: ChangeContext, now: Date) {
  const platforms = affectedPlatforms(change);
  if (platforms.length === 0) return null;
  const policy = change.kind === "save" ? change.after : change.before;
  return createReevaluation(tx, { policyId: policy.id, policyName: policy.name, change: kind, platforms, requestedBy: context.requestedBy, traceId: context.traceId }, now);
}
