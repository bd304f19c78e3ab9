import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MicrosoftSignIn } from "@/components/auth/microsoft-sign-in";
import { SignInForm } from "@/components/auth/sign-in-form";
import { entraConfigured } from "@/lib/auth/next-auth";
import { safeReturnPath } from "@/lib/auth/return-path";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Sign in" };

/** Public. Signed-in users go straight on. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? safeReturnPath(params.next) : undefined;
  if (await currentUser()) redirect(next ?? "/devices");
  const { t } = await getTranslator();
  const error = typeof params.error === "string" ? params.error : undefined;
  return (
    <div className="mx-auto mt-10 flex max-w-sm flex-col gap-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <div>
        <h1 className="text-2xl font-semibold">{t("auth.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("auth.intro", { product: t("app.name") })}</p>
      </div>
      {error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {t(error === "NoRole" ? "auth.noRole" : "auth.providerError")} <code className="ml-1 font-mono text-xs">{error}</code>
        </p>
      )}
      <SignInForm
        next={next}
        texts={{
          email: t("auth.email"),
          password: t("auth.password"),
          submit: t("auth.submit"),
          missing: t("auth.missing"),
          invalid: t("auth.invalid"),
          rateLimited: t("auth.rateLimited"),
          demoRefused: t("auth.demoRefused"),
        }}
      />
      {entraConfigured() && (
        <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
          <MicrosoftSignIn label={t("auth.microsoft")} next={next} />
        </div>
      )}
    </div>
  );
}
