import Link from "next/link";
import type { ImpactPreview } from "@/lib/policies/impact-preview";
import { fill } from "./fill";
import type { PolicyTexts } from "./texts";

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8em] text-slate-700";

function Count({ testId, value, label, tone, locale }: { testId: string; value: number; label: string; tone: string; locale: PolicyTexts["locale"] }) {
  return (
    <li className={`rounded border px-3 py-2 ${value > 0 ? tone : "border-slate-200 text-slate-600"}`}>
      <span data-testid={testId} className="text-lg font-semibold tabular-nums">{new Intl.NumberFormat(locale).format(value)}</span> <span className="text-sm">{label}</span>
    </li>
  );
}

/** The impact preview: counts each way, the reports saving would queue, and a sample of the devices. */
export function ImpactView({ preview, texts, stale }: { preview: ImpactPreview; texts: PolicyTexts; stale?: boolean }) {
  const t = texts.policies.preview;
  const { locale } = texts;
  const platforms = preview.platforms.map((p) => texts.platform[p]).join(", ");
  return (
    <section aria-label={t.title} data-testid="impact-preview" className={`flex flex-col gap-3 rounded-lg border p-4 ${stale ? "border-amber-300 bg-amber-50/40 opacity-70" : "border-sky-300 bg-sky-50/40"}`}>
      <h2 className="text-base font-semibold">{t.title}</h2>
      {preview.platforms.length === 0 ? (
        <p className="text-sm" data-testid="impact-nothing">{t.nothingToDo}</p>
      ) : (
        <>
          <p className="text-sm text-slate-700">{fill(t.evaluated, { count: preview.evaluated, platforms }, locale)}</p>
          <ul className="grid grid-cols-1 gap-2 sm:grid-cols-3">
            <Count testId="impact-to-not-compliant" value={preview.toNotCompliant} label={t.toNotCompliant} tone="border-red-300 bg-red-50 text-red-900" locale={locale} />
            <Count testId="impact-to-compliant" value={preview.toCompliant} label={t.toCompliant} tone="border-emerald-300 bg-emerald-50 text-emerald-900" locale={locale} />
            <Count testId="impact-retired" value={preview.retired} label={t.retired} tone="border-red-500 bg-red-100 text-red-950" locale={locale} />
          </ul>
          <div className="text-sm">
            <h3 className="font-medium">{t.reports}</h3>
            {preview.reports.COMPLIANCE_CHANGE + preview.reports.RETIRE === 0 ? (
              <p className="text-slate-600">{t.noReports}</p>
            ) : (
              <ul className="list-disc pl-5" data-testid="impact-reports">
                {(["COMPLIANCE_CHANGE", "RETIRE"] as const)
                  .filter((trigger) => preview.reports[trigger] > 0)
                  .map((trigger) => (
                    <li key={trigger}>
                      <span className="tabular-nums">{new Intl.NumberFormat(locale).format(preview.reports[trigger])}</span> × {texts.policies.trigger[trigger]} <code className={code}>{trigger}</code>
                    </li>
                  ))}
              </ul>
            )}
            {preview.notSent > 0 && <p className="mt-1 text-slate-600">{fill(t.notSent, { count: preview.notSent }, locale)}</p>}
          </div>
          {preview.sample.length > 0 && (
            <div role="region" aria-label={fill(t.sample, { count: preview.sample.length }, locale)} tabIndex={0} className="overflow-x-auto">
              <table className="min-w-full text-left text-sm" aria-label={fill(t.sample, { count: preview.sample.length }, locale)}>
                <caption className="pb-1 text-left font-medium">{fill(t.sample, { count: preview.sample.length }, locale)}</caption>
                <thead className="text-xs uppercase text-slate-500">
                  <tr>
                    <th className="py-1 pr-3">{t.device}</th>
                    <th className="py-1 pr-3">{t.os}</th>
                    <th className="py-1 pr-3">{t.from}</th>
                    <th className="py-1 pr-3">{t.to}</th>
                    <th className="py-1 pr-3">{t.decidedBy}</th>
                    <th className="py-1 pr-3">{t.report}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {preview.sample.map((s) => (
                    <tr key={s.deviceId} data-device-id={s.deviceId} data-not-sent={s.notSent}>
                      <td className="py-1 pr-3">
                        <Link href={`/devices/${s.deviceId}`} className="font-medium text-sky-800 underline">{s.name}</Link>
                        <span className="block text-xs text-slate-500">{s.ownerUpn}</span>
                      </td>
                      <td className="py-1 pr-3 whitespace-nowrap">{texts.platform[s.platform]} {s.osVersion}</td>
                      <td className="py-1 pr-3 whitespace-nowrap">{texts.verdict[s.from]}</td>
                      <td className="py-1 pr-3 whitespace-nowrap font-medium">{s.trigger === "RETIRE" ? texts.action.RETIRE : texts.verdict[s.to]}</td>
                      <td className="py-1 pr-3">
                        {s.decidedBy.join(", ")}
                        {s.winningAction && <> <code className={code}>{s.winningAction}</code></>}
                      </td>
                      <td className="py-1 pr-3 whitespace-nowrap">
                        <code className={code}>{s.trigger}</code>
                        {s.notSent && <span className="ml-1 text-xs text-amber-800">({t.notSentBadge})</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="text-xs text-slate-600">{t.afterSave}</p>
        </>
      )}
      <p className="text-xs text-slate-500">{fill(t.took, { ms: preview.ms }, locale)}</p>
    </section>
  );
}
