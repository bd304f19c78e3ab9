import Link from "next/link";
import type { PolicyReevaluation } from "@prisma/client";
import { Badge } from "@/components/ui/badge";
import { Code, DateTime } from "@/components/ui/format";
import type { PolicyRow } from "@/lib/db/policies";
import { actionRank } from "@/lib/domain/compliance";
import { policyRulesSchema, type PolicyRules } from "@/lib/domain/policy-rules";
import { PLATFORMS } from "@/lib/domain/types";
import type { Locale } from "@/lib/i18n/locale";
import type { MessageKey, Translator } from "@/lib/i18n/translate";

/** Each rule of a policy as a short sentence in the user's language. */
function ruleLines(rules: PolicyRules, t: Translator): string[] {
  const lines: string[] = [];
  for (const platform of PLATFORMS) {
    const version = rules.minOsVersion?.[platform];
    if (version) lines.push(t("policies.rule.minOsVersion", { platform: t(`platform.${platform}`), version }));
  }
  if (rules.passcodeRequired) lines.push(t("policies.rule.passcodeRequired"));
  if (rules.encryptionRequired) lines.push(t("policies.rule.encryptionRequired"));
  if (rules.noJailbreak) lines.push(t("policies.rule.noJailbreak"));
  if (rules.forbiddenApps?.length) lines.push(t("policies.rule.forbiddenApps", { apps: rules.forbiddenApps.join(", ") }));
  if (rules.maxDaysSinceCheckIn !== undefined) lines.push(t("policies.rule.maxDaysSinceCheckIn", { days: rules.maxDaysSinceCheckIn }));
  return lines;
}

const tones = { 1: "blue", 2: "amber", 3: "red" } as const;

function Reevaluation({ run, t, locale }: { run: PolicyReevaluation | undefined; t: Translator; locale: Locale }) {
  if (!run) return null;
  const change = t(`policies.reevaluation.change.${run.change}` as MessageKey);
  if (run.state === "RUNNING") {
    return (
      <p className="mt-1 text-xs text-sky-800" data-testid="reevaluation" data-state="RUNNING">
        {t("policies.reevaluation.running", { evaluated: run.evaluated, total: run.total })} ({change})
      </p>
    );
  }
  return (
    <p className="mt-1 text-xs text-slate-600" data-testid="reevaluation" data-state="COMPLETED">
      {t("policies.reevaluation.done", { evaluated: run.evaluated, changed: run.changed, retired: run.retired })} ({change}, <DateTime value={run.finishedAt} locale={locale} />)
    </p>
  );
}

/** The policy list: targets, state, rules, actions and how many devices fail each policy now. */
export function PolicyTable({
  policies,
  failing,
  reevaluations,
  canEdit,
  t,
  locale,
}: {
  policies: PolicyRow[];
  failing: Map<string, number>;
  reevaluations: Map<string, PolicyReevaluation>;
  canEdit: boolean;
  t: Translator;
  locale: Locale;
}) {
  if (policies.length === 0) return <p className="text-sm text-slate-600">{t("policies.empty")}</p>;
  return (
    // Focusable: a table wider than the screen scrolls, and the keyboard must reach it too.
    <div role="region" aria-label={t("policies.title")} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">{t("policies.columns.name")}</th>
            <th scope="col" className="px-3 py-2">{t("policies.columns.platforms")}</th>
            <th scope="col" className="px-3 py-2">{t("policies.columns.state")}</th>
            <th scope="col" className="px-3 py-2">{t("policies.columns.rules")}</th>
            <th scope="col" className="px-3 py-2">{t("policies.columns.actions")}</th>
            <th scope="col" className="px-3 py-2 text-right" title={t("policies.failingHelp")}>{t("policies.columns.failing")}</th>
            {canEdit && <th scope="col" className="px-3 py-2"><span className="sr-only">{t("policies.edit")}</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {policies.map((policy) => {
            const rules = policyRulesSchema.safeParse(policy.rules);
            return (
              <tr key={policy.id} data-policy-id={policy.id} className="align-top">
                <th scope="row" className="px-3 py-2 font-medium">
                  {policy.name}
                  {policy.description && <p className="mt-0.5 max-w-md text-xs font-normal text-slate-600">{policy.description}</p>}
                  <Reevaluation run={reevaluations.get(policy.id)} t={t} locale={locale} />
                </th>
                <td className="px-3 py-2 whitespace-nowrap">{policy.platforms.map((p) => t(`platform.${p}`)).join(", ")}</td>
                <td className="px-3 py-2">
                  {policy.enabled ? <Badge tone="green">{t("policies.enabled")}</Badge> : <Badge tone="gray">{t("policies.disabled")}</Badge>}
                </td>
                <td className="px-3 py-2">
                  {rules.success ? (
                    <ul className="flex flex-col gap-0.5">
                      {ruleLines(rules.data, t).map((line) => <li key={line}>{line}</li>)}
                    </ul>
                  ) : (
                    <span className="text-red-800">{t("policies.invalidRules")}</span>
                  )}
                </td>
                <td className="px-3 py-2">
                  <ul className="flex flex-col gap-1">
                    {policy.actions.map((a) => (
                      <li key={a} className="whitespace-nowrap">
                        <Badge tone={tones[actionRank(a) as 1 | 2 | 3]}>{t(`action.${a}`)}</Badge> <Code>{a}</Code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="px-3 py-2 text-right tabular-nums" data-testid="failing-count">{new Intl.NumberFormat(locale).format(failing.get(policy.id) ?? 0)}</td>
                {canEdit && (
                  <td className="px-3 py-2">
                    <Link href={`/policies/${policy.id}`} className="font-medium text-sky-800 underline" aria-label={`${t("policies.edit")} ${policy.name}`}>
                      {t("policies.edit")}
                    </Link>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
