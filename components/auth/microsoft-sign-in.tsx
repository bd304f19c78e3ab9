"use client";

import { signIn } from "next-auth/react";

/** Starts the Microsoft Entra ID sign-in (next-auth's OAuth flow). */
export function MicrosoftSignIn({ label, next }: { label: string; next?: string }) {
  return (
    <button
      type="button"
      onClick={() => void signIn("azure-ad", { callbackUrl: next ?? "/devices" })}
      className="w-full rounded border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50"
    >
      {label}
    </button>
  );
}
