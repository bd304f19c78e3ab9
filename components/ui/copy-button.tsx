"use client";

import { useState } from "react";

/** Copies a text (e.g. the steps for a device user) to the clipboard; says so for a moment. */
export function CopyButton({ text, label, copiedLabel }: { text: string; label: string; copiedLabel: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
      className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100"
    >
      <span aria-live="polite">{copied ? copiedLabel : label}</span>
    </button>
  );
}
