/**
 * Which report a compliance evaluation fires for a device. The one rule used both when an
 * evaluation is saved (lib/reporting/triggers.ts applyEvaluations, for check-ins and policy
 * re-evaluations) and by the policy editor's impact preview (policy-impact.ts), so the
 * preview cannot announce anything that saving would not do.
 */
import type { ComplianceResult } from "./compliance";
import type { Lifecycle, Verdict } from "./types";

export type EvaluationTrigger = "COMPLIANCE_CHANGE" | "RETIRE";

export interface StoredVerdict {
  verdict: Verdict;
  lifecycle: Lifecycle;
}

/**
 * A device being retired or retired is reported nothing more; a winning RETIRE retires an
 * active device; otherwise only a changed verdict (compliant <-> not compliant) is reported.
 */
export function evaluationTrigger(stored: StoredVerdict, result: Pick<ComplianceResult, "verdict" | "retire">): EvaluationTrigger | null {
  if (stored.lifecycle !== "ACTIVE") return null;
  if (result.retire) return "RETIRE";
  return result.verdict === stored.verdict ? null : "COMPLIANCE_CHANGE";
}
