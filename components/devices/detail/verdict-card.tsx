import { Badge } from "@/components/ui/badge";
import { Card, Field, Fields } from "@/components/ui/card";
import { Code, DateTime } from "@/components/ui/format";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { DeviceDetail, DeviceEvaluation, DeviceReport } from "@/lib/db/device-detail";
import { describeRuleFailure } from "@/lib/domain/rule-failure-text";
import type { PolicyAction } from "@/lib/domain/types";
import { explainVerdict } from "@/lib/domain/verdict-explanation";
import type { Locale } from "@/lib/i18n/locale";
import type { Translator } from "@/lib/i18n/translate";

/** The newest report that was (or is being) sent: the value Microsoft got last. */
function lastSent(reports: DeviceReport[]): DeviceReport | null {
  return reports.find((r) => r.sendingAt !== null && ["SENDING", "ACCEPTED", "COMPLETED", "FAILED"].includes(r.state)) ?? null;
}

/** What was sent and why: policies evaluated, which failed and how, their actions, the winner, the value. */
export function VerdictCard({ device, evaluations, reports, locale, t }: { device: DeviceDetail; evaluations: DeviceEvaluation[]; reports: DeviceReport[]; locale: Locale; t: Translator }) {
  const e = explainVerdict(evaluations, device.winningAction);
  const sent = lastSent(reports);
  const actionLabel = (a: PolicyAction) => t(`action.${a}`);
  return (
    <Card id="why" title={t("deviceDetail.whyTitle")}>
      <p className="text-sm text-slate-800" data-testid="verdict-reason">
        {t(`deviceDetail.reason.${e.reason}`, { action: e.winningAction ? actionLabel(e.winningAction) : "" })}
      </p>
      <Fields>
        <Field label={t("deviceDetail.winning")}>
          {e.winningAction ? (
            <span>{actionLabel(e.winningAction)} <Code>{e.winningAction}</Code></span>
          ) : (
            <span className="text-slate-700">{t("deviceDetail.noWinningAction")}</span>
          )}
        </Field>
        <Field label={t("deviceDetail.sends")}>
          <span data-testid="value-sent">
            <span className="font-medium">{t(`sentValue.${e.sends}`)}</span>{" "}
            {e.sends === "removed" ? <><Code>notManaged</Code> <Code>notCompliant</Code></> : <Code>{e.sends}</Code>}
          </span>
        </Field>
        <Field label={t("deviceDetail.lastSent")}>
          {sent ? (
            <span>
              <Code>{sent.complianceStatus}</Code> <Code>{sent.managementState}</Code> · {t(`reportState.${sent.state}`)} · <DateTime value={sent.sendingAt} locale={locale} />
            </span>
          ) : (
            <span className="text-slate-700">{t("deviceDetail.lastSentNone")}</span>
          )}
        </Field>
        {device.evaluatedAt && (
          <Field label={t("deviceDetail.evaluatedAt")}>
            <DateTime value={device.evaluatedAt} locale={locale} />
          </Field>
        )}
      </Fields>
      {e.policies.length > 0 && (
        <Table label={t("deviceDetail.whyTitle")} framed={false}>
          <THead>
            <Th>{t("deviceDetail.policy")}</Th>
            <Th>{t("deviceDetail.result")}</Th>
            <Th>{t("deviceDetail.failedRules")}</Th>
            <Th>{t("deviceDetail.policyActions")}</Th>
          </THead>
          <TBody>
            {e.policies.map((p) => (
              <Tr key={p.policyId} data-state={p.passed ? "passed" : "failed"}>
                <RowHeader>
                  <span className="font-medium">{p.name}</span>
                  {!p.enabled && <span className="block text-xs text-slate-600">({t("deviceDetail.policyDisabled")})</span>}
                </RowHeader>
                <Td>{p.passed ? <Badge tone="green">{t("deviceDetail.passed")}</Badge> : <Badge tone="red">{t("deviceDetail.failed")}</Badge>}</Td>
                <Td>
                  {p.failures.length > 0 && (
                    <ul className="list-disc space-y-0.5 pl-4">
                      {p.failures.map((f) => (
                        <li key={f.rule}>
                          {describeRuleFailure(f, device.platform, locale)} <Code>{f.rule}</Code>
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
                <Td>
                  <span className="flex flex-wrap gap-1">
                    {p.actions.length === 0 && <span className="text-slate-600">{t("deviceDetail.noActions")}</span>}
                    {p.actions.map((a) => (
                      <Badge key={a} tone={!p.passed && a === e.winningAction ? "red" : "gray"} title={a}>
                        {actionLabel(a)}
                      </Badge>
                    ))}
                    {p.decides && <span className="text-xs font-semibold text-red-900">← {t("deviceDetail.decides")}</span>}
                  </span>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
