import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

/** Shown (with HTTP 403) when a signed-in user lacks the permission a page or action needs. */
export default async function Forbidden() {
  const { t } = await getTranslator();
  return (
    <div className="mx-auto mt-10 max-w-lg rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{t("auth.forbiddenTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("auth.forbiddenText")} <code className="font-mono text-xs">403</code></p>
      <Link href="/devices" className="mt-4 inline-block text-sm font-medium text-blue-700 underline">{t("notFound.back")}</Link>
    </div>
  );
}
