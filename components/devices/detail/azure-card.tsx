import { AzureStateBadge } from "@/components/devices/azure-cells";
import { Card, Field, Fields } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Code, DateTime } from "@/components/ui/format";
import type { DeviceDetail } from "@/lib/db/device-detail";
import { clientStatusInfo } from "@/lib/domain/client-status";
import { reportErrorKind } from "@/lib/domain/report-error";
import { explainDeviceReportTime } from "@/lib/domain/report-time";
import type { ClientStatusCode } from "@/lib/domain/types";
import type { Locale } from "@/lib/i18n/locale";
import type { Translator } from "@/lib/i18n/translate";

/**
 * A report's error: the raw code, what it means in words, and Microsoft's own text verbatim. A
 * report not sent for lack of an Azure device ID names the device's client status code instead
 * (its stored detail is our own restatement of that, so it is not repeated).
 */
export function ReportErrorText({ code, detail, httpStatus, locale, t }: { code: string; detail: string | null; httpStatus?: number | null; locale: Locale; t: Translator }) {
  const kind = reportErrorKind(code, httpStatus ?? null);
  if (kind === "noAzureId") {
    return (
      <span className="flex flex-col gap-1" data-error-code={code}>
        <span>
          <Code>{code}</Code> <span className="text-slate-800">{clientStatusInfo(code as ClientStatusCode, locale).label}</span>
        </span>
      </span>
    );
  }
  const words = t(`reportError.${kind}`);
  return (
    <span className="flex flex-col gap-1" data-error-code={code}>
      <span>
        <Code>{code}</Code>
        {httpStatus != null && <code className="ml-1 font-mono text-xs text-slate-600">HTTP {httpStatus}</code>} <span className="text-red-900">{words}</span>
      </span>
      {detail && <span className="break-words font-mono text-xs text-slate-700">{detail}</span>}
    </span>
  );
}

function AzureIdValue({ device, t }: { device: DeviceDetail; t: Translator }) {
  if (device.azureDeviceId) {
    return (
      <span className="flex flex-col gap-1">
        <span className="font-mono text-sm" data-testid="azure-device-id">{device.azureDeviceId}</span>
        <span className="text-xs text-slate-600">{t("deviceDetail.azureIdHelp")}</span>
      </span>
    );
  }
  const code = device.clientStatusCode;
  const text = code === null ? t("deviceDetail.azureIdBlankNoStatus") : code === "Success" ? t("deviceDetail.azureIdBlankSuccess") : t("deviceDetail.azureIdBlankStatus", { code });
  return <span className="text-sm italic text-slate-700" data-testid="azure-device-id">{text}</span>;
}

function ReportTimeValue({ device, integrationEnabled, locale, t }: { device: DeviceDetail; integrationEnabled: boolean; locale: Locale; t: Translator }) {
  const e = explainDeviceReportTime(device, integrationEnabled);
  switch (e.kind) {
    case "reported":
      return <span data-reason="reported"><DateTime value={e.at} locale={locale} /></span>;
    case "disabled":
      return <span data-reason="disabled" className="text-slate-800">{t("reportTime.disabled")}</span>;
    case "pending":
      return <span data-reason="pending" className="text-slate-800">{t("reportTime.pending")}</span>;
    case "error":
      return (
        <span data-reason="error" className="flex flex-col gap-1">
          <span className="text-slate-800">{t("reportTime.error", { code: e.code })}</span>
          <ReportErrorText code={e.code} detail={e.detail} locale={locale} t={t} />
        </span>
      );
  }
}

/** The seed's four Azure fields, each with its meaning, and for a blank one, why it is blank. */
export function AzureCard({ device, integrationEnabled, locale, t }: { device: DeviceDetail; integrationEnabled: boolean; locale: Locale; t: Translator }) {
  const code = device.clientStatusCode;
  const info = code ? clientStatusInfo(code, locale) : null;
  const msal = info ? (device.platform === "IOS" ? info.msal.ios : info.msal.android) : undefined;
  const steps = info?.userSteps ?? [];
  const stepsText = steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
  return (
    <Card id="azure" title={t("deviceDetail.azureTitle")}>
      <Fields testId="azure-fields">
        <Field label={t("devices.columns.azureDeviceId")}>
          <AzureIdValue device={device} t={t} />
        </Field>
        <Field label={t("devices.columns.azureState")}>
          <span className="flex flex-col items-start gap-1" data-testid="azure-state">
            <span className="flex items-center gap-2">
              <AzureStateBadge state={device.azureState} t={t} />
              <Code>{device.azureState ?? "—"}</Code>
            </span>
            <span className="text-xs text-slate-600">{t(`deviceDetail.stateHelp.${device.azureState ?? "none"}`)}</span>
          </span>
        </Field>
        <Field label={t("devices.columns.clientStatus")}>
          {info === null ? (
            <span className="italic text-slate-700">{t("triage.notReported")}</span>
          ) : (
            <div className="flex flex-col gap-2" data-testid="client-status">
              <span className="flex flex-wrap items-center gap-2">
                <Code>{info.code}</Code>
                <span className="font-medium">{info.label}</span>
                {device.clientStatusReportedAt && (
                  <span className="text-xs text-slate-600">
                    {t("deviceDetail.statusReportedAt")}: <DateTime value={device.clientStatusReportedAt} locale={locale} />
                  </span>
                )}
              </span>
              <p><span className="font-medium">{t("deviceDetail.meaning")}:</span> {info.meaning}</p>
              <p><span className="font-medium">{t("deviceDetail.whoCanFix")}:</span> {info.whoCanFix}</p>
              {msal && <p className="text-xs text-slate-600">{t("deviceDetail.msal")}: <Code>{msal}</Code></p>}
              {steps.length > 0 && (
                <div className="rounded border border-slate-200 bg-slate-50 p-3">
                  <div className="mb-1 flex items-center justify-between gap-2">
                    <h3 className="text-sm font-semibold">{t("deviceDetail.userSteps")}</h3>
                    <CopyButton text={stepsText} label={t("deviceDetail.copySteps")} copiedLabel={t("ui.copied")} />
                  </div>
                  <ol className="list-decimal space-y-0.5 pl-5" data-testid="user-steps">
                    {steps.map((step) => <li key={step}>{step}</li>)}
                  </ol>
                </div>
              )}
            </div>
          )}
        </Field>
        <Field label={t("devices.columns.reportTime")}>
          <span data-testid="report-time">
            <ReportTimeValue device={device} integrationEnabled={integrationEnabled} locale={locale} t={t} />
          </span>
        </Field>
      </Fields>
    </Card>
  );
}
