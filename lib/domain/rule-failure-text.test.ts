import { describe, expect, it } from "vitest";
import type { RuleFailure, RuleName } from "./compliance";
import { describeRuleFailure, RULE_LABELS } from "./rule-failure-text";
import { LOCALES } from "./types";

const FAILURES: RuleFailure[] = [
  { rule: "minOsVersion", expected: "17.4", actual: "16.7" },
  { rule: "passcodeRequired", expected: "true", actual: "false" },
  { rule: "encryptionRequired", expected: "true", actual: "false" },
  { rule: "noJailbreak", expected: "false", actual: "true" },
  { rule: "forbiddenApps", expected: "a.b, c.d", actual: "c.d" },
  { rule: "maxDaysSinceCheckIn", expected: "7", actual: "9" },
];

describe("describeRuleFailure", () => {
  it.each(LOCALES.flatMap((locale) => FAILURES.map((f) => [locale, f] as const)))("%s %j", (locale, failure) => {
    const text = describeRuleFailure(failure, "IOS", locale);
    expect(text.length).toBeGreaterThan(10);
    expect(RULE_LABELS[locale][failure.rule as RuleName]).toBeTruthy();
  });

  it("includes the raw values", () => {
    expect(describeRuleFailure(FAILURES[0]!, "IOS", "en")).toBe("OS version is 16.7; the minimum is 17.4.");
    expect(describeRuleFailure(FAILURES[5]!, "IOS", "es")).toBe("Último registro hace 9 días; el máximo es 7.");
    expect(describeRuleFailure(FAILURES[4]!, "ANDROID", "en")).toContain("c.d");
  });

  it("says root on Android and jailbreak on iOS", () => {
    expect(describeRuleFailure(FAILURES[3]!, "ANDROID", "en")).toBe("The device is rooted.");
    expect(describeRuleFailure(FAILURES[3]!, "IOS", "en")).toBe("The device is jailbroken.");
    expect(describeRuleFailure(FAILURES[3]!, "ANDROID", "es")).toBe("El dispositivo está rooteado.");
  });
});
