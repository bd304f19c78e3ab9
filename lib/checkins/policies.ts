import type { StoredPolicy } from "../db/policies";
import type { PolicyInput } from "../domain/compliance";
import { policyRulesSchema } from "../domain/policy-rules";

/**
 * Stored policies as the evaluation takes them. A stored policy whose rules no longer parse
 * (edited by hand in the database) is left out and named, rather than failing every check-in.
 */
export function toPolicyInputs(rows: StoredPolicy[]): { policies: PolicyInput[]; invalid: string[] } {
  const policies: PolicyInput[] = [];
  const invalid: string[] = [];
  for (const row of rows) {
    const rules = policyRulesSchema.safeParse(row.rules);
    if (!rules.success) {
      invalid.push(row.id);
      continue;
    }
    policies.push({ id: row.id, name: row.name, enabled: row.enabled, platforms: row.platforms, rules: rules.data, actions: row.actions });
  }
  return { policies, invalid };
}
