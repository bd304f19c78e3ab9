/**
 * The rules of a compliance policy (CompliancePolicy.rules, a Json column): their schema,
 * and version comparison for the minimum OS version rule.
 */
import { z } from "zod";

/** "17", "17.4", "14.0.1": dotted numbers only, so every stored minimum compares cleanly. */
const VERSION_PATTERN = /^\d+(\.\d+)*$/;

const versionSchema = z
  .string()
  .regex(VERSION_PATTERN, { message: 'a version is dotted numbers, e.g. "17.4" or "14"' });

const appIdSchema = z.string().trim().min(1, { message: "an app id cannot be empty" });

const rulesObjectSchema = z
  .object({
    /** Minimum OS version per platform; a platform without an entry has no minimum. */
    minOsVersion: z.object({ IOS: versionSchema.optional(), ANDROID: versionSchema.optional() }).strict().optional(),
    passcodeRequired: z.boolean().optional(),
    encryptionRequired: z.boolean().optional(),
    /** Jailbreak on iOS, root on Android. */
    noJailbreak: z.boolean().optional(),
    /** App ids (iOS bundle ids, Android package names); duplicates are dropped, first order kept. */
    forbiddenApps: z
      .array(appIdSchema)
      .transform((ids) => [...new Set(ids)])
      .optional(),
    maxDaysSinceCheckIn: z.number().int().positive().optional(),
  })
  .strict();

export const policyRulesSchema = rulesObjectSchema.refine(hasAnyRule, { message: "a policy needs at least one rule" });

export type PolicyRules = z.infer<typeof policyRulesSchema>;

/**
 * A rule counts only when it constrains something: `passcodeRequired: false`, an empty
 * `minOsVersion: {}` or `forbiddenApps: []` check nothing, so a policy made only of those
 * would be violated by no device and is refused like an empty one.
 */
export function hasAnyRule(rules: z.infer<typeof rulesObjectSchema>): boolean {
  return (
    rules.minOsVersion?.IOS !== undefined ||
    rules.minOsVersion?.ANDROID !== undefined ||
    rules.passcodeRequired === true ||
    rules.encryptionRequired === true ||
    rules.noJailbreak === true ||
    (rules.forbiddenApps?.length ?? 0) > 0 ||
    rules.maxDaysSinceCheckIn !== undefined
  );
}

/** Parses a stored rules value (e.g. the Json column); throws a ZodError when invalid. */
export function parsePolicyRules(value: unknown): PolicyRules {
  return policyRulesSchema.parse(value);
}

/**
 * Compares dotted versions numerically per component: "17.4" < "17.10", "17" == "17.0".
 * Returns a negative number, 0 or a positive number, like a sort comparator.
 *
 * Policy minimums are validated, but device-reported versions are not: a component is read
 * from its leading digits ("4-beta" -> 4, "1 (21E236)" -> 1) and counts as 0 when it has
 * none, so a garbled or empty version compares low and fails a minimum rather than passing.
 */
export function compareVersions(a: string, b: string): number {
  const left = versionComponents(a);
  const right = versionComponents(b);
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

function versionComponents(version: string): number[] {
  return version
    .trim()
    .split(".")
    .map((part) => {
      const digits = /^\d+/.exec(part.trim());
      return digits ? Number(digits[0]) : 0;
    });
}
