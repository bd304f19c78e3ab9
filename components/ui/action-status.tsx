import type { ActionResult } from "@/lib/integration/action-result";

/** An action's answer under its form: green when done, red when refused, with Microsoft's code when there is one. */
export function ActionStatus({ state }: { state: ActionResult }) {
  if (!state.message) return null;
  return (
    <div role="status" className={`rounded border px-3 py-2 text-sm ${state.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-900"}`}>
      {state.message}
      {state.code && <code className="ml-2 font-mono text-xs">{state.code}</code>}
    </div>
  );
}
