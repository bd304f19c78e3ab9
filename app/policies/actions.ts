"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { newTraceId, recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/guard";
import { clientAddress } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { findPolicy, policyNameTaken, type PolicyRow } from "@/lib/db/policies";
import { draftAsPolicyInput, readPolicyForm, validatePolicyForm, type PolicyDraft, type PolicyField } from "@/lib/domain/policy-draft";
import type { PolicyChange } from "@/lib/domain/policy-impact";
import { previewToken } from "@/lib/domain/preview-token";
import { formFields } from "@/lib/form-data";
import { getTranslator } from "@/lib/i18n/server";
import type { MessageKey, Translator } from "@/lib/i18n/translate";
import { previewedValues, type PolicyFormState, type PreviewedValues } from "@/lib/policies/form-state";
import { previewPolicyChange } from "@/lib/policies/impact-preview";
import { storedAsPolicyInput } from "@/lib/policies/policy-inputs";
import { deletePolicy, policyVersion, savePolicy, type SaveOutcome } from "@/lib/policies/save-policy";
import { nudgeInProcessReporting } from "@/lib/reporting/worker";

// The policy editor's forms. Each checks policy.edit first, validates, then previews (reads
// only) or saves exactly what was previewed (the preview token), audits and revalidates.

const optionalId = z.union([z.literal(""), z.uuid()]);

/** What the audit trail keeps of a policy. */
function audited(row: PolicyRow | null) {
  if (!row) return null;
  return { name: row.name, description: row.description, enabled: row.enabled, platforms: row.platforms, rules: row.rules, actions: row.actions };
}

function refusal(outcome: Extract<SaveOutcome, { ok: false }>, t: Translator): PolicyFormState {
  if (outcome.reason === "nameTaken") return { ok: false, message: t("policies.form.invalid"), fieldErrors: { name: t("policies.errors.nameTaken") } };
  return { ok: false, message: t(outcome.reason === "stale" ? "policies.form.stale" : "policies.form.notFound") };
}

async function preview(change: PolicyChange, token: string, values: PreviewedValues | null): Promise<PolicyFormState> {
  const impact = await previewPolicyChange(await prisma(), change);
  return { ok: true, preview: { ...impact, token, values } };
}

export async function savePolicyAction(_prev: PolicyFormState, formData: FormData): Promise<PolicyFormState> {
  formData = formFields(formData);
  const user = await requirePermission("policy.edit");
  const { t } = await getTranslator();
  const id = optionalId.safeParse(formData.get("id") ?? "");
  if (!id.success) return { ok: false, message: t("policies.form.notFound") };
  const saving = formData.get("intent") === "save";
  const values = readPolicyForm(formData);
  const validation = validatePolicyForm(values, { requireRetireConfirmation: saving });
  if (!validation.ok) {
    const fieldErrors: Partial<Record<PolicyField, string>> = {};
    for (const [field, code] of Object.entries(validation.errors)) fieldErrors[field as PolicyField] = t(`policies.errors.${code}` as MessageKey);
    return { ok: false, message: t("policies.form.invalid"), fieldErrors };
  }
  const draft: PolicyDraft = validation.draft;
  const database = await prisma();
  const policyId = id.data || null;
  const stored = policyId ? await findPolicy(database, policyId) : null;
  if (policyId && !stored) return { ok: false, message: t("policies.form.notFound") };
  if (await policyNameTaken(database, draft.name, policyId)) return refusal({ ok: false, reason: "nameTaken" }, t);
  const version = policyVersion(stored);
  const token = previewToken({ policyId, version, change: draft });

  if (!saving) {
    const change: PolicyChange = { kind: "save", before: stored ? storedAsPolicyInput(stored) : null, after: draftAsPolicyInput(policyId ?? "new", draft) };
    return preview(change, token, previewedValues(values));
  }
  if (formData.get("previewToken") !== token) return { ok: false, message: t("policies.form.changedSincePreview") };
  const traceId = newTraceId();
  const outcome = await savePolicy(database, policyId, draft, { expectedVersion: version, requestedBy: user.email, traceId });
  if (!outcome.ok) return refusal(outcome, t);
  await recordAudit({
    actor: user,
    action: stored ? "policy.update" : "policy.create",
    target: { type: "policy", id: outcome.after!.id },
    before: audited(outcome.before),
    after: { ...audited(outcome.after), reevaluation: outcome.reevaluation ? { id: outcome.reevaluation.id, devices: outcome.reevaluation.total } : null },
    traceId,
    ip: await clientAddress(),
  });
  if (outcome.reevaluation) nudgeInProcessReporting();
  revalidatePath("/policies");
  redirect(`/policies?saved=${outcome.after!.id}`);
}

export async function deletePolicyAction(_prev: PolicyFormState, formData: FormData): Promise<PolicyFormState> {
  formData = formFields(formData);
  const user = await requirePermission("policy.edit");
  const { t } = await getTranslator();
  const id = z.uuid().safeParse(formData.get("id"));
  if (!id.success) return { ok: false, message: t("policies.form.notFound") };
  const database = await prisma();
  const stored = await findPolicy(database, id.data);
  if (!stored) return { ok: false, message: t("policies.form.notFound") };
  const version = policyVersion(stored);
  const token = previewToken({ policyId: stored.id, version, change: "delete" });
  if (formData.get("intent") !== "delete") return preview({ kind: "delete", before: storedAsPolicyInput(stored) }, token, null);
  if (formData.get("previewToken") !== token) return { ok: false, message: t("policies.form.changedSincePreview") };
  const traceId = newTraceId();
  const outcome = await deletePolicy(database, stored.id, { expectedVersion: version, requestedBy: user.email, traceId });
  if (!outcome.ok) return refusal(outcome, t);
  await recordAudit({
    actor: user,
    action: "policy.delete",
    target: { type: "policy", id: stored.id },
    before: audited(outcome.before),
    after: { deleted: true, reevaluation: outcome.reevaluation ? { id: outcome.reevaluation.id, devices: outcome.reevaluation.total } : null },
    traceId,
    ip: await clientAddress(),
  });
  if (outcome.reevaluation) nudgeInProcessReporting();
  revalidatePath("/policies");
  redirect(`/policies?deleted=${encodeURIComponent(stored.name)}`);
}
