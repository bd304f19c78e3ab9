import type { StoredPolicy } from "../db/policies";
import type { PolicyInput } from "../domain/compliance";
import { policyRulesSchema, type PolicyRules } from "../domain/policy-rules";

/**
 * A stored policy as the evaluation takes it, even when its rules no longer parse (edited by
 * hand in the database): for the editor's before/after comparison, which must see every
 * policy. Evaluations themselves use lib/checkins/policies.ts toPolicyInputs, which leaves
 * such a policy out.
 */
export function storedAsPolicyInput(row: StoredPolicy): PolicyInput {
  const rules = policyRulesSchema.safeParse(row.rules);
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    platforms: row.platforms,
    rules: rules.success ? rules.data : (row.rules as PolicyRules),
    actions: row.actions,
  };
}
