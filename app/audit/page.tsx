import type { Metadata } from "next";
import Link from "next/link";
import { Code, DateTime } from "@/components/ui/format";
import { EmptyRow, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requirePermission } from "@/lib/auth/guard";
import { parseAuditFilter } from "@/lib/audit/filter";
import { prisma } from "@/lib/db";
import { distinctAuditActions, listAuditEvents } from "@/lib/db/audit";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Audit" };

const SHOWN = 200;

function Change({ value }: { value: unknown }) {
  if (value === null || value === undefined) return null;
  return <code className="block max-w-xs truncate font-mono text-xs text-slate-600" title={JSON.stringify(value)}>{JSON.stringify(value)}</code>;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("audit.read", "/audit");
  const filter = parseAuditFilter(await searchParams);
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const [{ events, total }, actions] = await Promise.all([listAuditEvents(db, filter, SHOWN), distinctAuditActions(db)]);
  const query = new URLSearchParams(filter.raw).toString();
  const input = "rounded border border-slate-300 px-2 py-1 text-sm font-normal";
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
      <p className="text-slate-700">{t("audit.filteredIntro", { count: SHOWN, total })}</p>
      <form method="get" action="/audit" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" aria-label={t("audit.filters")}>
        <label className="flex flex-col gap-1 text-xs font-medium">{t("audit.actor")}<input name="actor" defaultValue={filter.raw.actor} className={input} /></label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          {t("audit.actionCol")}
          <select name="action" defaultValue={filter.raw.action ?? ""} className={input}>
            <option value="">{t("audit.anyAction")}</option>
            {actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">{t("audit.target")}<input name="target" defaultValue={filter.raw.target} className={input} /></label>
        <label className="flex flex-col gap-1 text-xs font-medium">{t("audit.from")}<input type="date" name="from" defaultValue={filter.raw.from} className={input} /></label>
        <label className="flex flex-col gap-1 text-xs font-medium">{t("audit.to")}<input type="date" name="to" defaultValue={filter.raw.to} className={input} /></label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white">{t("audit.apply")}</button>
        <Link href="/audit" className="text-sm text-blue-700 underline">{t("common.clearFilters")}</Link>
        <a href={`/api/audit/export${query ? `?${query}` : ""}`} className="ml-auto rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50" download>
          {t("audit.exportCsv")}
        </a>
      </form>
      <Table label={t("audit.title")} scrollable empty={events.length === 0 ? <EmptyRow>{t("audit.empty")}</EmptyRow> : undefined}>
        <THead>
          <Th>{t("audit.when")}</Th>
          <Th>{t("audit.who")}</Th>
          <Th>{t("audit.actionCol")}</Th>
          <Th>{t("audit.target")}</Th>
          <Th>{t("audit.change")}</Th>
          <Th>{t("audit.trace")}</Th>
        </THead>
        <TBody>
          {events.map((e) => (
            <Tr key={e.id}>
              <Td className="whitespace-nowrap"><DateTime value={e.at} locale={locale} /></Td>
              <Td>{e.actorEmail ?? <span className="text-slate-500">{t("audit.system")}</span>}{e.actorRole && <span className="ml-1 text-xs text-slate-500">({e.actorRole})</span>}{e.ip && <span className="block text-xs text-slate-500">{e.ip}</span>}</Td>
              <Td><Code>{e.action}</Code></Td>
              <Td>{e.targetType ? <span>{e.targetType} <Code>{e.targetId}</Code></span> : "—"}</Td>
              <Td>
                {e.before !== null && <span className="text-xs text-slate-500">{t("audit.before")} <Change value={e.before} /></span>}
                {e.after !== null && <span className="text-xs text-slate-500">{t("audit.after")} <Change value={e.after} /></span>}
              </Td>
              <Td className="font-mono text-xs text-slate-600">{e.traceId ?? "—"}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
