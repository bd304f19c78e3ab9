import type { Metadata } from "next";
import { Code, DateTime } from "@/components/ui/format";
import { prisma } from "@/lib/db";
import { latestAuditEvents } from "@/lib/db/audit";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Audit" };

const SHOWN = 200;

export default async function AuditPage() {
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const events = await latestAuditEvents(db, SHOWN);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
      <p className="text-slate-700">{t("audit.intro", { count: SHOWN })}</p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-100 text-left text-xs font-semibold text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">{t("audit.when")}</th>
              <th scope="col" className="px-3 py-2">{t("audit.who")}</th>
              <th scope="col" className="px-3 py-2">{t("audit.actionCol")}</th>
              <th scope="col" className="px-3 py-2">{t("audit.target")}</th>
              <th scope="col" className="px-3 py-2">{t("audit.trace")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {events.map((e) => (
              <tr key={e.id}>
                <td className="px-3 py-2"><DateTime value={e.at} locale={locale} /></td>
                <td className="px-3 py-2">{e.actorEmail ?? <span className="text-slate-500">{t("audit.system")}</span>}{e.actorRole && <span className="ml-1 text-xs text-slate-500">({e.actorRole})</span>}</td>
                <td className="px-3 py-2"><Code>{e.action}</Code></td>
                <td className="px-3 py-2">{e.targetType ? <span>{e.targetType} <Code>{e.targetId}</Code></span> : "—"}</td>
                <td className="px-3 py-2 font-mono text-xs text-slate-600">{e.traceId ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {events.length === 0 && <p className="p-6 text-center text-slate-600">{t("audit.empty")}</p>}
      </div>
    </div>
  );
}
