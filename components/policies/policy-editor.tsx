"use client";

import Link from "next/link";
import { startTransition, useActionState, useState, type FormEvent } from "react";
import type { PolicyField, PolicyFormValues } from "@/lib/domain/policy-draft";
import { PLATFORMS, POLICY_ACTIONS, type Platform, type PolicyAction } from "@/lib/domain/types";
import { sameValues, type PolicyFormState } from "@/lib/policies/form-state";
import { ImpactView } from "./impact-view";
import type { PolicyTexts } from "./texts";

type Action = (prev: PolicyFormState, formData: FormData) => Promise<PolicyFormState>;

const input = "rounded border border-slate-300 px-2 py-1 text-sm font-normal aria-[invalid=true]:border-red-600";
const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8em] text-slate-700";

function FieldError({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return <span id={id} className="text-xs font-normal text-red-800">{text}</span>;
}

/** Keeps a multi-choice in its canonical order (the order the server reads it in). */
function toggle<T extends string>(all: readonly T[], chosen: T[], value: T, on: boolean): T[] {
  return all.filter((v) => (v === value ? on : chosen.includes(v)));
}

/**
 * The policy editor: the admin changes the values, previews their impact (the server
 * evaluates every affected device), then saves exactly what was previewed. Controlled
 * inputs, so a preview keeps what was typed; Save is offered only while the form still
 * shows the previewed values (the server checks the preview token too). Needs JavaScript.
 */
export function PolicyEditor({ action, policyId, initial, texts }: { action: Action; policyId: string | null; initial: PolicyFormValues; texts: PolicyTexts }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [values, setValues] = useState(initial);
  const [lastPreview, setLastPreview] = useState(state.preview ?? null);
  const [seenState, setSeenState] = useState(state);
  if (state !== seenState) {
    setSeenState(state);
    if (state.preview) setLastPreview(state.preview);
  }
  const t = texts.policies.form;
  const errors = state.fieldErrors ?? {};
  const current = lastPreview !== null && sameValues(values, lastPreview.values);
  const set = <K extends keyof PolicyFormValues>(key: K, value: PolicyFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const invalid = (field: PolicyField) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  const retiring = values.enabled && values.actions.includes("RETIRE");
  // Submitted by hand rather than through the form's action prop: React resets a form after its
  // action, which would put the controlled inputs' DOM back to their first values.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => formAction(data));
  };

  return (
    <form onSubmit={submit} aria-label={t.label} className="flex max-w-4xl flex-col gap-5">
      <input type="hidden" name="id" value={policyId ?? ""} />
      <input type="hidden" name="previewToken" value={current ? lastPreview!.token : ""} />

      <label className="flex flex-col gap-1 text-sm font-medium">
        {t.name}
        <input name="name" value={values.name} onChange={(e) => set("name", e.target.value)} maxLength={200} className={input} {...invalid("name")} />
        <FieldError id="name-error" text={errors.name} />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        {t.description}
        <textarea name="description" value={values.description} onChange={(e) => set("description", e.target.value)} rows={2} className={input} {...invalid("description")} />
        <FieldError id="description-error" text={errors.description} />
      </label>

      <fieldset className="flex flex-col gap-2" {...invalid("platforms")}>
        <legend className="text-sm font-medium">{t.platforms}</legend>
        <div className="flex gap-4">
          {PLATFORMS.map((p: Platform) => (
            <label key={p} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="platforms" value={p} checked={values.platforms.includes(p)} onChange={(e) => set("platforms", toggle(PLATFORMS, values.platforms, p, e.target.checked))} />
              {texts.platform[p]} <code className={code}>{p}</code>
            </label>
          ))}
        </div>
        <FieldError id="platforms-error" text={errors.platforms} />
      </fieldset>
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="enabled" checked={values.enabled} onChange={(e) => set("enabled", e.target.checked)} /> {t.enabled}
      </label>

      <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4" {...invalid("rules")}>
        <legend className="px-1 text-sm font-semibold">{t.rules}</legend>
        <p className="text-xs text-slate-600">{t.rulesHelp}</p>
        <FieldError id="rules-error" text={errors.rules} />
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {(["minOsIOS", "minOsANDROID"] as const).map((field) => (
            <label key={field} className="flex flex-col gap-1 text-sm font-medium">
              {t[field]}
              <input name={field} value={values[field]} onChange={(e) => set(field, e.target.value)} placeholder={t.versionHint} inputMode="decimal" className={`${input} w-40 font-mono`} {...invalid(field)} />
              <FieldError id={`${field}-error`} text={errors[field]} />
            </label>
          ))}
        </div>
        {(["passcodeRequired", "encryptionRequired", "noJailbreak"] as const).map((field) => (
          <label key={field} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={field} checked={values[field]} onChange={(e) => set(field, e.target.checked)} /> {t[field]}
          </label>
        ))}
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t.forbiddenApps}
          <textarea name="forbiddenApps" value={values.forbiddenApps} onChange={(e) => set("forbiddenApps", e.target.value)} rows={3} placeholder={t.forbiddenAppsHint} className={`${input} font-mono`} {...invalid("forbiddenApps")} />
          <FieldError id="forbiddenApps-error" text={errors.forbiddenApps} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t.maxDaysSinceCheckIn}
          <input name="maxDaysSinceCheckIn" value={values.maxDaysSinceCheckIn} onChange={(e) => set("maxDaysSinceCheckIn", e.target.value)} inputMode="numeric" className={`${input} w-24`} {...invalid("maxDaysSinceCheckIn")} />
          <FieldError id="maxDaysSinceCheckIn-error" text={errors.maxDaysSinceCheckIn} />
        </label>
      </fieldset>

      <fieldset className="flex flex-col gap-2 rounded-lg border border-slate-200 p-4" {...invalid("actions")}>
        <legend className="px-1 text-sm font-semibold">{t.actions}</legend>
        <p className="text-xs text-slate-600">{t.actionsHelp}</p>
        {POLICY_ACTIONS.map((a: PolicyAction) => (
          <label key={a} className="flex flex-wrap items-center gap-2 text-sm">
            <input type="checkbox" name="actions" value={a} checked={values.actions.includes(a)} onChange={(e) => set("actions", toggle(POLICY_ACTIONS, values.actions, a, e.target.checked))} />
            <span className="font-medium">{texts.action[a]}</span> <code className={code}>{a}</code>
            <span className="text-xs text-slate-600">— {t.effect[a]}</span>
          </label>
        ))}
        <FieldError id="actions-error" text={errors.actions} />
        {retiring && (
          <label className="mt-2 flex items-start gap-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-950">
            <input type="checkbox" name="confirmRetire" checked={values.confirmRetire} onChange={(e) => set("confirmRetire", e.target.checked)} className="mt-1" {...invalid("confirmRetire")} />
            <span>
              {t.confirmRetire}
              <FieldError id="confirmRetire-error" text={errors.confirmRetire} />
            </span>
          </label>
        )}
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="preview" disabled={pending} className="rounded border border-slate-900 bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 hover:bg-slate-100 disabled:opacity-50">
          {t.preview}
        </button>
        <button
          type="submit"
          name="intent"
          value="save"
          disabled={pending || !current}
          className={`rounded px-3 py-1.5 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 ${retiring ? "bg-red-700 hover:bg-red-600" : "bg-slate-900 hover:bg-slate-700"}`}
        >
          {t.save}
        </button>
        <Link href="/policies" className="text-sm text-slate-700 underline">{t.cancel}</Link>
        {pending ? (
          <span className="text-xs text-slate-600" aria-live="polite">{t.working}</span>
        ) : (
          !current && <span className="text-xs text-slate-600">{lastPreview ? t.changedSincePreview : t.previewFirst}</span>
        )}
      </div>

      {state.message && (
        <div role="status" className={`rounded border px-3 py-2 text-sm ${state.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-900"}`}>
          {state.message}
        </div>
      )}
      {lastPreview && <ImpactView preview={lastPreview} texts={texts} stale={!current} />}
    </form>
  );
}
