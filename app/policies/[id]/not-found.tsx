import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

export default async function PolicyNotFound() {
  const { t } = await getTranslator();
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-2xl font-semibold">{t("policies.form.notFound")}</h1>
      <Link href="/policies" className="text-sky-800 underline">{t("policies.form.cancel")}</Link>
    </div>
  );
}
