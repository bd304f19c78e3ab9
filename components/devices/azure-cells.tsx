import { Badge, type Tone } from "@/components/ui/badge";
import { Code, DateTime } from "@/components/ui/format";
import { clientStatusInfo } from "@/lib/domain/client-status";
import { explainDeviceReportTime, type DeviceAzureFields } from "@/lib/domain/report-time";
import type { AzureComplianceState, ClientStatusCode } from "@/lib/domain/types";
import type { Locale } from "@/lib/i18n/locale";
import type { Translator } from "@/lib/i18n/translate";

/** The seed's Azure fields, rendered the same way in every table and card. */

const STATE_TONE: Record<AzureComplianceState, Tone> = { IN_PROGRESS: "blue", SUCCESS: "green", ERROR: "red" };

export function AzureStateBadge({ state, t }: { state: AzureComplianceState | null; t: Translator }) {
  if (!state) return <Badge tone="gray">{t("azureState.none")}</Badge>;
  return <Badge tone={STATE_TONE[state]}>{t(`azureState.${state}`)}</Badge>;
}

export function ClientStatus({ code, locale, t }: { code: ClientStatusCode | null; locale: Locale; t: Translator }) {
  if (!code) return <span className="text-xs text-slate-600">{t("triage.notReported")}</span>;
  const info = clientStatusInfo(code, locale);
  return (
    <span className="flex flex-col items-start gap-0.5" title={info.meaning}>
      <Code>{code}</Code>
      {code !== "Success" && <span className="text-xs text-slate-600">{info.label}</span>}
    </span>
  );
}

export function AzureDeviceId({ id, t }: { id: string | null; t: Translator }) {
  if (!id) return <span className="text-xs italic text-slate-500">{t("devices.noAzureId")}</span>;
  // Breaks only in the middle (after the third group), so the column stays narrow and the ID reads as one.
  const cut = id.indexOf("-", id.indexOf("-", id.indexOf("-") + 1) + 1) + 1;
  return (
    <span className="font-mono text-xs">
      <span className="whitespace-nowrap">{id.slice(0, cut)}</span>
      <wbr />
      <span className="whitespace-nowrap">{id.slice(cut)}</span>
    </span>
  );
}

export type ReportTimeInput = DeviceAzureFields;

/** The report time, or the one reason that applies to this device when it is blank. */
export function ReportTime({
  device,
  integrationEnabled,
  locale,
  t,
}: {
  device: ReportTimeInput;
  integrationEnabled: boolean;
  locale: Locale;
  t: Translator;
}) {
  const explanation = explainDeviceReportTime(device, integrationEnabled);
  switch (explanation.kind) {
    case "reported":
      return <DateTime value={explanation.at} locale={locale} />;
    case "disabled":
      return <span className="text-xs text-slate-600">{t("reportTime.disabled")}</span>;
    case "pending":
      return <span className="text-xs text-slate-600">{t("reportTime.pending")}</span>;
    case "error":
      return (
        <span className="text-xs text-red-800" title={explanation.detail ?? undefined}>
          {t("reportTime.error", { code: explanation.code })}
        </span>
      );
  }
}
