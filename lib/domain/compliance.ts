/**
 * Evaluates a device against the compliance policies and decides what is sent to Microsoft:
 * the most restrictive action among the violated policies wins (domain.md, seed table).
 * The result keeps every policy's outcome so the UI can say *why* a value was sent.
 */
import { compareVersions, type PolicyRules } from "./policy-rules";
import {
  POLICY_ACTIONS,
  type ComplianceStatus,
  type Platform,
  type PolicyAction,
  type Verdict,
} from "./types";

/** What the device last reported about itself, as the rules need it. */
export interface DeviceFacts {
  platform: Platform;
  osVersion: string;
  passcodeSet: boolean;
  encrypted: boolean;
  jailbroken: boolean;
  installedApps: string[];
  lastCheckInAt: Date;
}

export interface PolicyInput {
  id: string;
  name: string;
  enabled: boolean;
  platforms: Platform[];
  rules: PolicyRules;
  actions: PolicyAction[];
}

export type RuleName =
  | "minOsVersion"
  | "passcodeRequired"
  | "encryptionRequired"
  | "noJailbreak"
  | "forbiddenApps"
  | "maxDaysSinceCheckIn";

/**
 * One failed rule. `expected` and `actual` are language-neutral raw values of the fact the
 * rule checks, so the UI can word them in the user's locale (see rule-failure-text.ts):
 * - minOsVersion: the minimum version / the device's version;
 * - passcodeRequired, encryptionRequired: "true" / "false" (passcodeSet, encrypted);
 * - noJailbreak: "false" / "true" (jailbroken: jailbreak on iOS, root on Android);
 * - forbiddenApps: the forbidden ids / the forbidden ids installed, each joined by ", ";
 * - maxDaysSinceCheckIn: the maximum / the whole days elapsed since the last check-in.
 */
export interface RuleFailure {
  rule: RuleName;
  expected: string;
  actual: string;
}

export interface PolicyOutcome {
  policyId: string;
  name: string;
  /** Enabled and targets the device's platform; when false, passed is true and failures empty. */
  applies: boolean;
  passed: boolean;
  failures: RuleFailure[];
  actions: PolicyAction[];
}

export interface ComplianceResult {
  verdict: Verdict;
  complianceStatus: ComplianceStatus;
  winningAction: PolicyAction | null;
  retire: boolean;
  /** Ids of the violated policies that asked for an action of the winning rank, in input order. */
  decidedBy: string[];
  policies: PolicyOutcome[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** 1 = SEND_ALERT (compliant), 2 = BLOCK_EMAIL / BLOCK_APPCONNECT / QUARANTINE (not compliant), 3 = RETIRE. */
export function actionRank(action: PolicyAction): number {
  switch (action) {
    case "SEND_ALERT":
      return 1;
    case "BLOCK_EMAIL":
    case "BLOCK_APPCONNECT":
    case "QUARANTINE":
      return 2;
    case "RETIRE":
      return 3;
  }
}

/**
 * The most restrictive action, or null for none. Ties go to the first in POLICY_ACTIONS
 * order, so the answer never depends on the order policies or actions were listed in.
 */
export function mostRestrictive(actions: PolicyAction[]): PolicyAction | null {
  let best: PolicyAction | null = null;
  for (const candidate of POLICY_ACTIONS) {
    if (!actions.includes(candidate)) continue;
    if (best === null || actionRank(candidate) > actionRank(best)) best = candidate;
  }
  return best;
}

export function evaluateCompliance(facts: DeviceFacts, policies: PolicyInput[], now: Date): ComplianceResult {
  const outcomes = policies.map((policy) => evaluatePolicy(facts, policy, now));

  // A violated policy without actions changes nothing: it is reported as failed but asks for nothing.
  const violated = outcomes.filter((outcome) => !outcome.passed);
  const winningAction = mostRestrictive(violated.flatMap((outcome) => outcome.actions));
  const winningRank = winningAction === null ? 0 : actionRank(winningAction);
  const decidedBy =
    winningAction === null
      ? []
      : violated.filter((o) => o.actions.some((a) => actionRank(a) === winningRank)).map((o) => o.policyId);

  // SEND_ALERT is only a notice: the device is still reported compliant.
  const notCompliant = winningRank >= 2;
  return {
    verdict: notCompliant ? "NOT_COMPLIANT" : "COMPLIANT",
    complianceStatus: notCompliant ? "notCompliant" : "compliant",
    winningAction,
    retire: winningAction === "RETIRE",
    decidedBy,
    policies: outcomes,
  };
}

function evaluatePolicy(facts: DeviceFacts, policy: PolicyInput, now: Date): PolicyOutcome {
  const applies = policy.enabled && policy.platforms.includes(facts.platform);
  const failures = applies ? ruleFailures(facts, policy.rules, now) : [];
  return {
    policyId: policy.id,
    name: policy.name,
    applies,
    passed: failures.length === 0,
    failures,
    actions: [...policy.actions],
  };
}

/** Every failed rule of one policy, in the order of the rule names above. */
export function ruleFailures(facts: DeviceFacts, rules: PolicyRules, now: Date): RuleFailure[] {
  const failures: RuleFailure[] = [];

  const minimum = rules.minOsVersion?.[facts.platform];
  if (minimum !== undefined && compareVersions(facts.osVersion, minimum) < 0) {
    failures.push({ rule: "minOsVersion", expected: minimum, actual: facts.osVersion });
  }
  if (rules.passcodeRequired === true && !facts.passcodeSet) {
    failures.push({ rule: "passcodeRequired", expected: "true", actual: "false" });
  }
  if (rules.encryptionRequired === true && !facts.encrypted) {
    failures.push({ rule: "encryptionRequired", expected: "true", actual: "false" });
  }
  if (rules.noJailbreak === true && facts.jailbroken) {
    failures.push({ rule: "noJailbreak", expected: "false", actual: "true" });
  }

  // App ids are matched case-insensitively: iOS bundle ids are, and admins type them by hand.
  const forbidden = rules.forbiddenApps ?? [];
  if (forbidden.length > 0) {
    const wanted = new Set(forbidden.map((id) => id.toLowerCase()));
    const found = [...new Set(facts.installedApps.filter((id) => wanted.has(id.toLowerCase())))];
    if (found.length > 0) {
      failures.push({ rule: "forbiddenApps", expected: forbidden.join(", "), actual: found.join(", ") });
    }
  }

  // Whole days elapsed: with a maximum of 7, 7 days 23 h passes and 8 days fails, so the
  // number shown ("8") always explains the failure. A check-in in the future counts as 0.
  if (rules.maxDaysSinceCheckIn !== undefined) {
    const days = Math.max(0, Math.floor((now.getTime() - facts.lastCheckInAt.getTime()) / DAY_MS));
    if (days > rules.maxDaysSinceCheckIn) {
      failures.push({ rule: "maxDaysSinceCheckIn", expected: String(rules.maxDaysSinceCheckIn), actual: String(days) });
    }
  }
  return failures;
}
