/**
 * "What was sent and why" on the device page: the policies the device was evaluated against,
 * which failed and which rules, each one's actions, the action that won (the most restrictive,
 * domain.md) and so the value sent to Microsoft.
 */
import { actionRank, type RuleFailure, type RuleName } from "./compliance";
import { POLICY_ACTIONS, type PolicyAction } from "./types";

export interface EvaluationInput {
  policyId: string;
  policyName: string;
  policyEnabled: boolean;
  actions: readonly string[];
  passed: boolean;
  /** As stored (JSON): parsed defensively, a row written by an older version must not break the page. */
  failures: unknown;
}

export interface ExplainedPolicy {
  policyId: string;
  name: string;
  enabled: boolean;
  passed: boolean;
  failures: RuleFailure[];
  actions: PolicyAction[];
  /** Failed and asked for an action as restrictive as the winning one. */
  decides: boolean;
}

/** compliant / notCompliant: the compliance entity's value; removed: retired (notManaged, notCompliant). */
export type SentValue = "compliant" | "notCompliant" | "removed";

export type VerdictReason = "noPolicy" | "allPassed" | "failedWithoutAction" | "alertOnly" | "restricted" | "retire";

export interface VerdictExplanation {
  policies: ExplainedPolicy[];
  failedCount: number;
  winningAction: PolicyAction | null;
  sends: SentValue;
  reason: VerdictReason;
}

const RULES: readonly RuleName[] = ["minOsVersion", "passcodeRequired", "encryptionRequired", "noJailbreak", "forbiddenApps", "maxDaysSinceCheckIn"];

export function parseRuleFailures(value: unknown): RuleFailure[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): RuleFailure[] => {
    if (typeof item !== "object" || item === null) return [];
    const { rule, expected, actual } = item as Record<string, unknown>;
    if (!RULES.includes(rule as RuleName)) return [];
    return [{ rule: rule as RuleName, expected: String(expected ?? ""), actual: String(actual ?? "") }];
  });
}

const isAction = (a: string): a is PolicyAction => (POLICY_ACTIONS as readonly string[]).includes(a);

export function sentValueOf(winningAction: PolicyAction | null): SentValue {
  if (winningAction === null) return "compliant";
  const rank = actionRank(winningAction);
  return rank === 3 ? "removed" : rank === 2 ? "notCompliant" : "compliant";
}

/** `winningAction` is the device's stored result (what was decided when it was evaluated). */
export function explainVerdict(evaluations: readonly EvaluationInput[], winningAction: PolicyAction | null): VerdictExplanation {
  const winningRank = winningAction === null ? 0 : actionRank(winningAction);
  const policies = evaluations
    .map((e): ExplainedPolicy => {
      const actions = e.actions.filter(isAction);
      return {
        policyId: e.policyId,
        name: e.policyName,
        enabled: e.policyEnabled,
        passed: e.passed,
        failures: e.passed ? [] : parseRuleFailures(e.failures),
        actions,
        decides: !e.passed && winningRank > 0 && actions.some((a) => actionRank(a) === winningRank),
      };
    })
    // The policies that decided the value first, then the other failed ones, then by name.
    .sort((a, b) => Number(b.decides) - Number(a.decides) || Number(a.passed) - Number(b.passed) || a.name.localeCompare(b.name));
  const failedCount = policies.filter((p) => !p.passed).length;
  let reason: VerdictReason;
  if (policies.length === 0) reason = "noPolicy";
  else if (failedCount === 0) reason = "allPassed";
  else if (winningAction === null) reason = "failedWithoutAction";
  else reason = winningRank === 3 ? "retire" : winningRank === 2 ? "restricted" : "alertOnly";
  return { policies, failedCount, winningAction, sends: sentValueOf(winningAction), reason };
}
