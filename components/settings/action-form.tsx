"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/integration/action-result";

/**
 * One settings form: posts to its server action (works without JavaScript) and shows the
 * answer: a message, Microsoft's code and ErrorDetail verbatim, per-field errors, or the steps
 * of a connection test.
 */
export function ActionForm({
  action,
  submitLabel,
  children,
  name,
  disabled,
  danger,
}: {
  action: (prev: ActionResult, formData: FormData) => Promise<ActionResult>;
  submitLabel: string;
  children?: React.ReactNode;
  name: string;
  disabled?: boolean;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={name} className="flex flex-col gap-3">
      {children}
      <div>
        <button
          type="submit"
          disabled={disabled || pending}
          className={`rounded px-3 py-1.5 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 ${danger ? "bg-red-700 hover:bg-red-600" : "bg-slate-900 hover:bg-slate-700"}`}
        >
          {submitLabel}
        </button>
      </div>
      {state.steps && (
        <ol className="flex flex-col gap-1 text-sm" aria-label={name}>
          {state.steps.map((s) => (
            <li key={s.step} data-step={s.step} data-outcome={s.outcome} className="rounded border border-slate-200 px-3 py-2">
              <span className="font-medium">{s.label}</span>:{" "}
              <span className={s.outcome === "ok" ? "text-emerald-800" : s.outcome === "failed" ? "text-red-800" : "text-slate-500"}>{s.outcomeLabel}</span>
              {s.httpStatus != null && <code className="ml-2 font-mono text-xs">HTTP {s.httpStatus}</code>}
              {s.code && <code className="ml-2 font-mono text-xs">{s.code}</code>}
              {s.detail && <pre className="mt-1 whitespace-pre-wrap break-all font-mono text-xs text-slate-700">{s.detail}</pre>}
            </li>
          ))}
        </ol>
      )}
      {state.message && (
        <div role="status" className={`rounded border px-3 py-2 text-sm ${state.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-900"}`}>
          {state.message}
          {state.httpStatus != null && <code className="ml-2 font-mono text-xs">HTTP {state.httpStatus}</code>}
          {state.code && <code className="ml-2 font-mono text-xs">{state.code}</code>}
          {state.detail && <pre className="mt-1 whitespace-pre-wrap break-all font-mono text-xs">{state.detail}</pre>}
          {state.fieldErrors && (
            <ul className="mt-1 list-disc pl-5">
              {Object.entries(state.fieldErrors).map(([field, text]) => (
                <li key={field}><code className="font-mono text-xs">{field}</code>: {text}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
