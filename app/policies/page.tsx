import type { Metadata } from "next";
import Link from "next/link";
import { PolicyTable } from "@/components/policies/policy-table";
import { requirePermission } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { failingDeviceCounts, listPolicies } from "@/lib/db/policies";
import { latestReevaluations } from "@/lib/db/policy-reevaluations";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Policies" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Everyone reads the policies; ADMIN creates, edits and deletes them (the editor pages check again). */
export default async function PoliciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("policies.read", "/policies");
  const search = await searchParams;
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const policies = await listPolicies(db);
  const [failing, reevaluations] = await Promise.all([failingDeviceCounts(db), latestReevaluations(db, policies.map((p) => p.id))]);
  const canEdit = can(user.role, "policy.edit");

  const savedId = first(search.saved);
  const saved = savedId ? policies.find((p) => p.id === savedId) : undefined;
  const savedRun = saved ? reevaluations.get(saved.id) : undefined;
  const deleted = first(search.deleted)?.slice(0, 200);
  const notice = saved
    ? savedRun?.state === "RUNNING"
      ? t("policies.savedReevaluating", { name: saved.name, count: savedRun.total })
      : t("policies.saved", { name: saved.name })
    : deleted
      ? t("policies.deleted", { name: deleted })
      : null;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">{t("policies.title")}</h1>
        <div className="flex items-baseline gap-4">
          <p className="text-sm text-slate-600">{t("policies.count", { count: policies.length })}</p>
          {canEdit && (
            <Link href="/policies/new" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700">
              {t("policies.new")}
            </Link>
          )}
        </div>
      </div>
      <p className="max-w-4xl text-sm text-slate-700">{t("policies.intro")}</p>
      {!canEdit && <p className="text-sm text-slate-600" data-testid="read-only">{t("policies.readOnly")}</p>}
      {notice && (
        <div role="status" className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {notice}
        </div>
      )}
      <PolicyTable policies={policies} failing={failing} reevaluations={reevaluations} canEdit={canEdit} t={t} locale={locale} />
    </div>
  );
}
