import type { Metadata } from "next";
import { PolicyEditor } from "@/components/policies/policy-editor";
import { policyTexts } from "@/components/policies/texts";
import { requirePermission } from "@/lib/auth/guard";
import { EMPTY_POLICY_FORM } from "@/lib/domain/policy-draft";
import { getTranslator } from "@/lib/i18n/server";
import { savePolicyAction } from "../actions";

export const metadata: Metadata = { title: "New policy" };

export default async function NewPolicyPage() {
  await requirePermission("policy.edit", "/policies/new");
  const { locale, t } = await getTranslator();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("policies.form.newTitle")}</h1>
      <PolicyEditor action={savePolicyAction} policyId={null} initial={EMPTY_POLICY_FORM} texts={policyTexts(locale)} />
    </div>
  );
}
