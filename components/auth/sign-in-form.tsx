"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/signin/actions";

export interface SignInTexts {
  email: string;
  password: string;
  submit: string;
  missing: string;
  invalid: string;
  rateLimited: string;
  demoRefused: string;
}

/** Works without JavaScript: the form posts to the server action and the page re-renders with its answer. */
export function SignInForm({ texts, next }: { texts: SignInTexts; next?: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  const message =
    state.error === "rateLimited" ? texts.rateLimited.replace("{seconds}", String(state.retryAfter ?? 0)) : state.error ? texts[state.error] : null;
  return (
    <form action={action} className="flex flex-col gap-4">
      {next && <input type="hidden" name="next" value={next} />}
      {message && (
        <p role="alert" data-testid="signin-error" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {message} <code className="ml-1 font-mono text-xs">{state.error}</code>
        </p>
      )}
      <label className="flex flex-col gap-1 text-sm font-medium">
        {texts.email}
        <input name="email" type="email" autoComplete="username" required defaultValue={state.email} className="rounded border border-slate-300 px-3 py-2 font-normal" />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        {texts.password}
        <input name="password" type="password" autoComplete="current-password" required className="rounded border border-slate-300 px-3 py-2 font-normal" />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-slate-900 px-4 py-2 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-60">
        {texts.submit}
      </button>
    </form>
  );
}
