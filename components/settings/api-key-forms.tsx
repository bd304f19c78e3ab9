"use client";

import { useActionState } from "react";
import type { ApiKeyActionResult } from "@/lib/auth/api-keys";

type Action = (prev: ApiKeyActionResult, formData: FormData) => Promise<ApiKeyActionResult>;

function Status({ state }: { state: ApiKeyActionResult }) {
  if (!state.message) return null;
  return (
    <div role="status" className={`rounded border px-3 py-2 text-sm ${state.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-900"}`}>
      {state.message}
    </div>
  );
}

/** Creates a key and shows it once, selectable for copying; it is never shown again. */
export function CreateApiKeyForm({ action, texts }: { action: Action; texts: { form: string; name: string; create: string; theKey: string } }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={texts.form} className="flex flex-col gap-3">
      <label className="flex flex-col gap-1 text-sm font-medium">
        {texts.name}
        <input name="name" required maxLength={100} aria-invalid={state.fieldErrors?.name ? true : undefined} className="rounded border border-slate-300 px-2 py-1 text-sm font-normal" />
      </label>
      <div>
        <button type="submit" disabled={pending} className="rounded bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50">
          {texts.create}
        </button>
      </div>
      <Status state={state} />
      {state.key && (
        <label className="flex flex-col gap-1 text-sm font-medium">
          {texts.theKey}
          <input readOnly value={state.key} onFocus={(e) => e.currentTarget.select()} className="rounded border border-amber-400 bg-amber-50 px-2 py-1 font-mono text-sm" />
        </label>
      )}
    </form>
  );
}

export function RevokeApiKeyForm({ action, id, label }: { action: Action; id: string; label: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={label} className="flex flex-col gap-1">
      <input type="hidden" name="id" value={id} />
      <div>
        <button type="submit" disabled={pending} aria-label={label} className="rounded bg-red-700 px-2 py-1 text-xs font-semibold text-white hover:bg-red-600 disabled:opacity-50">
          {label}
        </button>
      </div>
      <Status state={state} />
    </form>
  );
}
