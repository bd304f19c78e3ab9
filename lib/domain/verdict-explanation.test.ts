import { describe, expect, it } from "vitest";
import { explainVerdict, parseRuleFailures, sentValueOf, type EvaluationInput } from "./verdict-explanation";

const policy = (name: string, passed: boolean, actions: string[], failures: unknown = passed ? [] : [{ rule: "passcodeRequired", expected: "true", actual: "false" }]): EvaluationInput => ({
  policyId: `id-${name}`,
  policyName: name,
  policyEnabled: true,
  actions,
  passed,
  failures,
});

describe("explainVerdict", () => {
  it("no policy evaluated: compliant, and says so", () => {
    expect(explainVerdict([], null)).toMatchObject({ reason: "noPolicy", sends: "compliant", failedCount: 0 });
  });

  it("every policy passed: compliant", () => {
    const e = explainVerdict([policy("B", true, ["QUARANTINE"]), policy("A", true, ["SEND_ALERT"])], null);
    expect(e).toMatchObject({ reason: "allPassed", sends: "compliant", failedCount: 0 });
    expect(e.policies.map((p) => p.name)).toEqual(["A", "B"]);
  });

  it("the most restrictive action of the failed policies wins, and names the policies that decided it", () => {
    const e = explainVerdict(
      [policy("Alert", false, ["SEND_ALERT"]), policy("Passing", true, ["RETIRE"]), policy("Mail", false, ["BLOCK_EMAIL"]), policy("Quarantine", false, ["QUARANTINE", "SEND_ALERT"])],
      "BLOCK_EMAIL",
    );
    expect(e).toMatchObject({ reason: "restricted", sends: "notCompliant", failedCount: 3, winningAction: "BLOCK_EMAIL" });
    // Deciding first, then the other failed, then passed, each by name; BLOCK_EMAIL and QUARANTINE tie, so both decided it.
    expect(e.policies.map((p) => [p.name, p.decides])).toEqual([["Mail", true], ["Quarantine", true], ["Alert", false], ["Passing", false]]);
    expect(e.policies[0]!.failures).toEqual([{ rule: "passcodeRequired", expected: "true", actual: "false" }]);
  });

  it("an alert alone keeps the device compliant; retire removes it", () => {
    expect(explainVerdict([policy("Alert", false, ["SEND_ALERT"])], "SEND_ALERT")).toMatchObject({ reason: "alertOnly", sends: "compliant" });
    expect(explainVerdict([policy("Jailbreak", false, ["RETIRE"])], "RETIRE")).toMatchObject({ reason: "retire", sends: "removed" });
  });

  it("a failed policy without actions changes nothing", () => {
    expect(explainVerdict([policy("Silent", false, [])], null)).toMatchObject({ reason: "failedWithoutAction", sends: "compliant", failedCount: 1 });
  });

  it("ignores stored values it does not understand instead of failing", () => {
    expect(parseRuleFailures("nope")).toEqual([]);
    expect(parseRuleFailures([null, { rule: "bogus" }, { rule: "minOsVersion", expected: "17.0", actual: 16 }])).toEqual([{ rule: "minOsVersion", expected: "17.0", actual: "16" }]);
    expect(explainVerdict([policy("Odd", false, ["NOT_AN_ACTION", "QUARANTINE"])], "QUARANTINE").policies[0]!.actions).toEqual(["QUARANTINE"]);
  });

  it("maps each winning action to the value sent", () => {
    expect([null, "SEND_ALERT", "BLOCK_EMAIL", "BLOCK_APPCONNECT", "QUARANTINE", "RETIRE"].map((a) => sentValueOf(a as never))).toEqual(["compliant", "compliant", "notCompliant", "notCompliant", "notCompliant", "removed"]);
  });
});
