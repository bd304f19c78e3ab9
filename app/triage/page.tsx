import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/guard";
import Link from "next/link";
import { Code } from "@/components/ui/format";
import { prisma } from "@/lib/db";
import { countByClientStatus } from "@/lib/db/devices";
import { clientStatusInfo } from "@/lib/domain/client-status";
import { deviceListHref, parseDeviceListParams } from "@/lib/domain/device-list-params";
import { CLIENT_STATUS_CODES } from "@/lib/domain/types";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Triage" };

export default async function TriagePage() {
  await requirePermission("triage.read", "/triage");
  const [{ locale, t }, db] = await Promise.all([getTranslator(), prisma()]);
  const counts = await countByClientStatus(db);
  const base = parseDeviceListParams({});
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("triage.title")}</h1>
      <p className="max-w-3xl text-slate-700">{t("triage.intro")}</p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-100 text-left text-xs font-semibold text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">{t("triage.code")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("triage.devices")}</th>
              <th scope="col" className="px-3 py-2">{t("triage.meaning")}</th>
              <th scope="col" className="px-3 py-2">{t("triage.whoCanFix")}</th>
              <th scope="col" className="px-3 py-2">{t("triage.steps")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {CLIENT_STATUS_CODES.map((code) => {
              const info = clientStatusInfo(code, locale);
              const count = counts.get(code) ?? 0;
              return (
                <tr key={code} className="align-top">
                  <th scope="row" className="px-3 py-3 text-left font-normal">
                    <Code>{code}</Code>
                    <span className="mt-1 block text-xs text-slate-600">{info.label}</span>
                  </th>
                  <td className="px-3 py-3 text-right tabular-nums">
                    <Link href={deviceListHref(base, { clientStatus: code })} className="font-semibold text-sky-800 hover:underline" aria-label={`${t("triage.showDevices")}: ${code} (${count})`}>
                      {count.toLocaleString(locale)}
                    </Link>
                  </td>
                  <td className="px-3 py-3 text-slate-700">{info.meaning}</td>
                  <td className="px-3 py-3 text-slate-700">{info.whoCanFix}</td>
                  <td className="px-3 py-3 text-slate-700">
                    {info.userSteps.length > 0 && (
                      <ol className="list-decimal space-y-0.5 pl-4">
                        {info.userSteps.map((step) => (
                          <li key={step}>{step}</li>
                        ))}
                      </ol>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
