import { Code, DateTime, formatDateTime } from "@/components/ui/format";
import type { DeviceReport } from "@/lib/db/device-detail";
import { isInFlight, isRetrying, reportLatencyMs, reportSteps, formatDuration } from "@/lib/domain/report-progress";
import type { Locale } from "@/lib/i18n/locale";
import type { Translator } from "@/lib/i18n/translate";
import { ReportErrorText } from "./azure-card";
import { LiveRefresh } from "./live-refresh";

const DOT = { done: "bg-emerald-600", current: "bg-sky-700", todo: "bg-slate-300" } as const;

/**
 * The device's newest report, step by step (queued -> sending -> accepted -> completed / failed),
 * live while it is in flight: the page re-renders itself until Microsoft answers.
 */
export function ReportProgress({ report, locale, t }: { report: DeviceReport; locale: Locale; t: Translator }) {
  const flying = isInFlight(report.state);
  const steps = reportSteps(report);
  const latency = reportLatencyMs(report);
  const ended = report.state === "FAILED" ? "border-red-300 bg-red-50" : report.state === "COMPLETED" ? "border-emerald-300 bg-emerald-50" : "border-sky-300 bg-sky-50";
  return (
    <section aria-labelledby="progress" className={`rounded-lg border p-4 ${ended}`} data-testid="report-progress" data-state={report.state}>
      <LiveRefresh active={flying} />
      <h2 id="progress" className="text-base font-semibold">
        {flying ? t("deviceDetail.progressTitle") : t("deviceDetail.progressDone")}: {t(`trigger.${report.trigger}`)} <Code>{report.trigger}</Code>
      </h2>
      <ol className="mt-3 flex flex-wrap items-center gap-x-2 gap-y-2 text-sm" aria-live="polite">
        {steps.map((step, i) => (
          <li key={step.state} className="flex items-center gap-2" data-step={step.state} data-status={step.status}>
            {i > 0 && <span aria-hidden className="h-px w-6 bg-slate-400" />}
            <span aria-hidden className={`size-2.5 rounded-full ${step.status === "current" && step.state === "FAILED" ? "bg-red-700" : DOT[step.status]}`} />
            <span className={step.status === "todo" ? "text-slate-600" : "font-medium"}>{t(`reportState.${step.state}`)}</span>
            <Code>{step.state}</Code>
            {step.at && <span className="text-xs text-slate-700"><DateTime value={step.at} locale={locale} /></span>}
          </li>
        ))}
      </ol>
      {isRetrying(report) && (
        <p className="mt-2 text-sm text-slate-800">{t("deviceDetail.retrying", { attempts: report.attempts, time: formatDateTime(report.nextAttemptAt, locale) })}</p>
      )}
      {report.errorCode && (report.state === "FAILED" || isRetrying(report)) && (
        <div className="mt-2 text-sm">
          <ReportErrorText code={report.errorCode} detail={report.errorDetail} httpStatus={report.httpStatus} locale={locale} t={t} />
        </div>
      )}
      <p className="mt-2 flex flex-wrap gap-x-3 text-xs text-slate-700">
        {report.messageId && <span>{t("deviceDetail.message")}: <span className="font-mono">{report.messageId}</span></span>}
        {latency !== null && <span>{t("deviceDetail.latency")}: {formatDuration(latency)}</span>}
        {flying && <span>{t("deviceDetail.live")}</span>}
      </p>
      {flying && <noscript><p className="text-xs text-slate-700">{t("deviceDetail.noscript")}</p></noscript>}
    </section>
  );
}
