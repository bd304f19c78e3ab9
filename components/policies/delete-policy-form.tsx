"use client";

import { useActionState } from "react";
import type { PolicyFormState } from "@/lib/policies/form-state";
import { ImpactView } from "./impact-view";
import type { PolicyTexts } from "./texts";

type Action = (prev: PolicyFormState, formData: FormData) => Promise<PolicyFormState>;

/** Deleting a policy: its impact first (devices re-evaluated without it), then the delete itself. */
export function DeletePolicyForm({ action, policyId, texts }: { action: Action; policyId: string; texts: PolicyTexts }) {
  const [state, formAction, pending] = useActionState(action, {});
  const t = texts.policies.delete;
  return (
    <form action={formAction} aria-label={t.title} className="flex flex-col gap-3">
      <input type="hidden" name="id" value={policyId} />
      <input type="hidden" name="previewToken" value={state.preview?.token ?? ""} />
      <p className="text-sm text-slate-700">{t.help}</p>
      <div className="flex gap-3">
        <button type="submit" name="intent" value="preview" disabled={pending} className="rounded border border-red-700 bg-white px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:opacity-50">
          {t.preview}
        </button>
        {state.preview && (
          <button type="submit" name="intent" value="delete" disabled={pending} className="rounded bg-red-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-600 disabled:opacity-50">
            {t.confirm}
          </button>
        )}
      </div>
      {state.message && (
        <div role="status" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {state.message}
        </div>
      )}
      {state.preview && <ImpactView preview={state.preview} texts={texts} />}
    </form>
  );
}
