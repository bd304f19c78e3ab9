import type { ReactNode } from "react";

/**
 * A confirmation that needs no JavaScript: the button opens a panel with the question and the
 * real submit button(s); nothing is done until that one is pressed. Pressing the first button
 * again closes it.
 */
export function Confirm({
  label,
  question,
  children,
  tone = "default",
  disabled,
  align = "left",
}: {
  label: string;
  question: ReactNode;
  children: ReactNode;
  tone?: "default" | "danger";
  disabled?: boolean;
  /** right: the panel opens leftwards from the button from the lg breakpoint on (for buttons at the right edge). */
  align?: "left" | "right";
}) {
  const button =
    tone === "danger"
      ? "border-red-700 bg-red-700 text-white hover:bg-red-600"
      : "border-slate-900 bg-slate-900 text-white hover:bg-slate-700";
  if (disabled) {
    return (
      <span aria-disabled="true" className="inline-block cursor-not-allowed rounded border border-slate-300 bg-slate-100 px-3 py-1.5 text-sm font-semibold text-slate-600">
        {label}
      </span>
    );
  }
  return (
    <details className="group relative inline-block">
      <summary className={`cursor-pointer list-none rounded border px-3 py-1.5 text-sm font-semibold [&::-webkit-details-marker]:hidden ${button}`}>{label}</summary>
      <div role="group" aria-label={label} className={`absolute z-20 mt-2 w-80 rounded-lg border border-slate-300 bg-white p-3 text-sm text-slate-800 shadow-lg ${align === "right" ? "left-0 lg:left-auto lg:right-0" : "left-0"}`}>
        <p className="mb-3">{question}</p>
        <div className="flex flex-wrap gap-2">{children}</div>
      </div>
    </details>
  );
}

export function SubmitButton({ children, tone = "default", disabled, name, value }: { children: ReactNode; tone?: "default" | "danger"; disabled?: boolean; name?: string; value?: string }) {
  const color = tone === "danger" ? "bg-red-700 hover:bg-red-600" : "bg-slate-900 hover:bg-slate-700";
  return (
    <button type="submit" name={name} value={value} disabled={disabled} className={`rounded px-3 py-1.5 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 ${color}`}>
      {children}
    </button>
  );
}
