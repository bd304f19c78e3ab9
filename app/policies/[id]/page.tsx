import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { DeletePolicyForm } from "@/components/policies/delete-policy-form";
import { PolicyEditor } from "@/components/policies/policy-editor";
import { policyTexts } from "@/components/policies/texts";
import { Code } from "@/components/ui/format";
import { requirePermission } from "@/lib/auth/guard";
import { prisma } from "@/lib/db";
import { findPolicy } from "@/lib/db/policies";
import { EMPTY_POLICY_FORM, policyFormValues } from "@/lib/domain/policy-draft";
import { policyRulesSchema } from "@/lib/domain/policy-rules";
import { getTranslator } from "@/lib/i18n/server";
import { deletePolicyAction, savePolicyAction } from "../actions";

export const metadata: Metadata = { title: "Edit policy" };

/** ADMIN: edit or delete one policy, each after its impact preview. */
export default async function EditPolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePermission("policy.edit", `/policies/${encodeURIComponent(id)}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const policy = await findPolicy(db, id);
  if (!policy) notFound();
  const rules = policyRulesSchema.safeParse(policy.rules);
  // Rules edited by hand into something unreadable: the admin starts the rules again.
  const initial = rules.success
    ? policyFormValues({ ...policy, rules: rules.data })
    : { ...EMPTY_POLICY_FORM, name: policy.name, description: policy.description, platforms: policy.platforms, enabled: policy.enabled, actions: policy.actions };
  const texts = policyTexts(locale);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("policies.form.editTitle")}: {policy.name}</h1>
        <p className="text-xs text-slate-500"><Code>{policy.id}</Code></p>
        {!rules.success && <p className="mt-2 text-sm text-red-800">{t("policies.invalidRules")}</p>}
      </div>
      <PolicyEditor action={savePolicyAction} policyId={policy.id} initial={initial} texts={texts} />
      <section aria-labelledby="delete-policy" className="max-w-4xl rounded-lg border border-red-200 bg-white p-4">
        <h2 id="delete-policy" className="text-lg font-semibold text-red-900">{t("policies.delete.title")}</h2>
        <DeletePolicyForm action={deletePolicyAction} policyId={policy.id} texts={texts} />
      </section>
    </div>
  );
}
