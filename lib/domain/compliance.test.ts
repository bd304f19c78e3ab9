import { describe, expect, it } from "vitest";
import {
  actionRank,
  evaluateCompliance,
  mostRestrictive,
  ruleFailures,
  type DeviceFacts,
  type PolicyInput,
} from "./compliance";
import type { PolicyRules } from "./policy-rules";
import { POLICY_ACTIONS, type PolicyAction } from "./types";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;

/** A device that passes every rule used below. */
function device(overrides: Partial<DeviceFacts> = {}): DeviceFacts {
  return {
    platform: "IOS",
    osVersion: "17.4",
    passcodeSet: true,
    encrypted: true,
    jailbroken: false,
    installedApps: ["com.microsoft.Outlook"],
    lastCheckInAt: new Date(NOW.getTime() - DAY),
    ...overrides,
  };
}

let nextId = 0;
function policy(overrides: Partial<PolicyInput> = {}): PolicyInput {
  nextId += 1;
  return {
    id: `p${nextId}`,
    name: `Policy ${nextId}`,
    enabled: true,
    platforms: ["IOS", "ANDROID"],
    rules: { passcodeRequired: true },
    actions: ["QUARANTINE"],
    ...overrides,
  };
}

/** A policy requiring encryption: `unencrypted` violates it, the default device passes it. */
const violatedBy = (actions: PolicyAction[], id?: string): PolicyInput =>
  policy({ rules: { encryptionRequired: true }, actions, ...(id ? { id } : {}) });
const unencrypted = device({ encrypted: false });

describe("rules, each at its boundary", () => {
  const cases: Array<[string, PolicyRules, Partial<DeviceFacts>, Partial<DeviceFacts>, string, string]> = [
    ["minOsVersion equal passes, one below fails", { minOsVersion: { IOS: "17.4" } }, { osVersion: "17.4" }, { osVersion: "17.3.9" }, "17.4", "17.3.9"],
    ["minOsVersion numeric per component", { minOsVersion: { IOS: "17.10" } }, { osVersion: "17.10.0" }, { osVersion: "17.9" }, "17.10", "17.9"],
    ["minOsVersion short form", { minOsVersion: { IOS: "17" } }, { osVersion: "17.0" }, { osVersion: "16.7.10" }, "17", "16.7.10"],
    ["passcodeRequired", { passcodeRequired: true }, { passcodeSet: true }, { passcodeSet: false }, "true", "false"],
    ["encryptionRequired", { encryptionRequired: true }, { encrypted: true }, { encrypted: false }, "true", "false"],
    ["noJailbreak", { noJailbreak: true }, { jailbroken: false }, { jailbroken: true }, "false", "true"],
    ["forbiddenApps", { forbiddenApps: ["com.bad.app", "com.worse.app"] }, { installedApps: ["com.good.app"] }, { installedApps: ["com.good.app", "com.worse.app"] }, "com.bad.app, com.worse.app", "com.worse.app"],
    ["maxDaysSinceCheckIn", { maxDaysSinceCheckIn: 7 }, { lastCheckInAt: new Date(NOW.getTime() - 8 * DAY + 1) }, { lastCheckInAt: new Date(NOW.getTime() - 8 * DAY) }, "7", "8"],
  ];

  it.each(cases)("%s", (_title, rules, passing, failing, expected, actual) => {
    expect(ruleFailures(device(passing), rules, NOW)).toEqual([]);
    const rule = Object.keys(rules)[0];
    expect(ruleFailures(device(failing), rules, NOW)).toEqual([{ rule, expected, actual }]);
  });

  it("flags passed only when no rule fails, and lists every failed rule", () => {
    const rules: PolicyRules = { passcodeRequired: true, encryptionRequired: true, noJailbreak: true };
    const failures = ruleFailures(device({ passcodeSet: false, jailbroken: true }), rules, NOW);
    expect(failures.map((f) => f.rule)).toEqual(["passcodeRequired", "noJailbreak"]);
  });

  it("uses the minimum of the device's platform only", () => {
    const rules: PolicyRules = { minOsVersion: { ANDROID: "14" } };
    expect(ruleFailures(device({ platform: "IOS", osVersion: "12" }), rules, NOW)).toEqual([]);
    expect(ruleFailures(device({ platform: "ANDROID", osVersion: "13" }), rules, NOW)).toHaveLength(1);
  });

  it("matches forbidden apps case-insensitively and reports the installed spelling", () => {
    const failures = ruleFailures(device({ installedApps: ["COM.Bad.App"] }), { forbiddenApps: ["com.bad.app"] }, NOW);
    expect(failures).toEqual([{ rule: "forbiddenApps", expected: "com.bad.app", actual: "COM.Bad.App" }]);
  });

  it("counts a check-in in the future as 0 days", () => {
    const facts = device({ lastCheckInAt: new Date(NOW.getTime() + 5 * DAY) });
    expect(ruleFailures(facts, { maxDaysSinceCheckIn: 1 }, NOW)).toEqual([]);
  });

  it("treats false flags as no rule", () => {
    const facts = device({ passcodeSet: false, encrypted: false, jailbroken: true });
    expect(ruleFailures(facts, { passcodeRequired: false, encryptionRequired: false, noJailbreak: false }, NOW)).toEqual([]);
  });
});

describe("actionRank and mostRestrictive", () => {
  it("ranks SEND_ALERT < BLOCK_EMAIL = BLOCK_APPCONNECT = QUARANTINE < RETIRE", () => {
    expect(POLICY_ACTIONS.map(actionRank)).toEqual([1, 2, 2, 2, 3]);
  });

  it("returns null for no actions", () => {
    expect(mostRestrictive([])).toBeNull();
  });

  it("breaks ties by POLICY_ACTIONS order, whatever the input order", () => {
    expect(mostRestrictive(["QUARANTINE", "BLOCK_APPCONNECT", "BLOCK_EMAIL"])).toBe("BLOCK_EMAIL");
    expect(mostRestrictive(["QUARANTINE", "BLOCK_APPCONNECT"])).toBe("BLOCK_APPCONNECT");
    expect(mostRestrictive(["SEND_ALERT", "RETIRE", "QUARANTINE"])).toBe("RETIRE");
  });
});

const EXPECTED_FOR: Record<PolicyAction, { verdict: string; complianceStatus: string; retire: boolean }> = {
  SEND_ALERT: { verdict: "COMPLIANT", complianceStatus: "compliant", retire: false },
  BLOCK_EMAIL: { verdict: "NOT_COMPLIANT", complianceStatus: "notCompliant", retire: false },
  BLOCK_APPCONNECT: { verdict: "NOT_COMPLIANT", complianceStatus: "notCompliant", retire: false },
  QUARANTINE: { verdict: "NOT_COMPLIANT", complianceStatus: "notCompliant", retire: false },
  RETIRE: { verdict: "NOT_COMPLIANT", complianceStatus: "notCompliant", retire: true },
};

describe("evaluateCompliance: each action alone", () => {
  it.each(POLICY_ACTIONS.map((a) => [a]))("%s", (action) => {
    const p = violatedBy([action]);
    const result = evaluateCompliance(unencrypted, [p], NOW);
    expect(result).toMatchObject({ ...EXPECTED_FOR[action], winningAction: action, decidedBy: [p.id] });
    expect(result.policies).toEqual([
      { policyId: p.id, name: p.name, applies: true, passed: false, failures: [{ rule: "encryptionRequired", expected: "true", actual: "false" }], actions: [action] },
    ]);
  });

  it("a passing policy's action does not apply", () => {
    const result = evaluateCompliance(device(), [violatedBy(["RETIRE"])], NOW);
    expect(result).toMatchObject({ verdict: "COMPLIANT", complianceStatus: "compliant", winningAction: null, retire: false, decidedBy: [] });
    expect(result.policies[0]).toMatchObject({ applies: true, passed: true, failures: [] });
  });
});

describe("evaluateCompliance: every pair of actions", () => {
  const pairs = POLICY_ACTIONS.flatMap((a, i) => POLICY_ACTIONS.slice(i).map((b) => [a, b] as const));

  it.each(pairs)("%s in one policy and %s in another", (a, b) => {
    const pa = violatedBy([a]);
    const pb = violatedBy([b]);
    const winner = mostRestrictive([a, b])!;
    for (const order of [[pa, pb], [pb, pa]]) {
      const result = evaluateCompliance(unencrypted, order, NOW);
      expect(result).toMatchObject({ ...EXPECTED_FOR[winner], winningAction: winner });
      // Every policy asking for an action of the winning rank decided it (tie), in input order.
      const deciders = order.filter((p) => actionRank(p.actions[0]!) === actionRank(winner)).map((p) => p.id);
      expect(result.decidedBy).toEqual(deciders);
    }
  });

  it.each(pairs.filter(([a, b]) => a !== b))("%s and %s in one policy", (a, b) => {
    const p = violatedBy([b, a]);
    const winner = mostRestrictive([a, b])!;
    expect(evaluateCompliance(unencrypted, [p], NOW)).toMatchObject({ ...EXPECTED_FOR[winner], winningAction: winner, decidedBy: [p.id] });
  });
});

describe("evaluateCompliance: ties, multiple actions, mixed outcomes", () => {
  it("tied block actions: winner is first in POLICY_ACTIONS order, every asker decided", () => {
    const q = violatedBy(["QUARANTINE"], "q");
    const app = violatedBy(["BLOCK_APPCONNECT"], "app");
    const alert = violatedBy(["SEND_ALERT"], "alert");
    const result = evaluateCompliance(unencrypted, [q, alert, app], NOW);
    expect(result.winningAction).toBe("BLOCK_APPCONNECT");
    expect(result.decidedBy).toEqual(["q", "app"]);
  });

  it("a policy with several actions decides when any of them has the winning rank", () => {
    const mixed = violatedBy(["SEND_ALERT", "QUARANTINE"], "mixed");
    const email = violatedBy(["BLOCK_EMAIL"], "email");
    const result = evaluateCompliance(unencrypted, [mixed, email], NOW);
    expect(result).toMatchObject({ winningAction: "BLOCK_EMAIL", decidedBy: ["mixed", "email"], complianceStatus: "notCompliant" });
    expect(result.policies[0]!.actions).toEqual(["SEND_ALERT", "QUARANTINE"]);
  });

  it("only violated policies count: a passing RETIRE policy does not beat a violated alert", () => {
    const retire = policy({ id: "retire", rules: { noJailbreak: true }, actions: ["RETIRE"] });
    const alert = violatedBy(["SEND_ALERT"], "alert");
    const result = evaluateCompliance(unencrypted, [retire, alert], NOW);
    expect(result).toMatchObject({ verdict: "COMPLIANT", winningAction: "SEND_ALERT", decidedBy: ["alert"], retire: false });
  });

  it("a violated policy with no action is reported failed but changes nothing", () => {
    const result = evaluateCompliance(unencrypted, [violatedBy([], "silent")], NOW);
    expect(result).toMatchObject({ verdict: "COMPLIANT", winningAction: null, decidedBy: [] });
    expect(result.policies[0]).toMatchObject({ applies: true, passed: false });
  });
});

describe("evaluateCompliance: policies that do not apply", () => {
  it("a disabled policy is listed with applies=false, passed=true, and ignored", () => {
    const off = violatedBy(["RETIRE"], "off");
    off.enabled = false;
    const result = evaluateCompliance(unencrypted, [off], NOW);
    expect(result).toMatchObject({ verdict: "COMPLIANT", complianceStatus: "compliant", winningAction: null, retire: false, decidedBy: [] });
    expect(result.policies).toEqual([{ policyId: "off", name: off.name, applies: false, passed: true, failures: [], actions: ["RETIRE"] }]);
  });

  it("a policy for another platform is listed with applies=false and ignored", () => {
    const androidOnly = policy({ id: "android", platforms: ["ANDROID"], rules: { encryptionRequired: true }, actions: ["QUARANTINE"] });
    const result = evaluateCompliance(unencrypted, [androidOnly], NOW);
    expect(result.winningAction).toBeNull();
    expect(result.policies[0]).toMatchObject({ applies: false, passed: true, failures: [] });
    const onAndroid = evaluateCompliance({ ...unencrypted, platform: "ANDROID" }, [androidOnly], NOW);
    expect(onAndroid).toMatchObject({ winningAction: "QUARANTINE", decidedBy: ["android"] });
  });

  it("a policy targeting no platform applies to nothing", () => {
    const result = evaluateCompliance(unencrypted, [policy({ platforms: [], rules: { encryptionRequired: true } })], NOW);
    expect(result.policies[0]!.applies).toBe(false);
    expect(result.verdict).toBe("COMPLIANT");
  });

  it("no policies at all: compliant, nothing decided", () => {
    expect(evaluateCompliance(unencrypted, [], NOW)).toEqual({
      verdict: "COMPLIANT",
      complianceStatus: "compliant",
      winningAction: null,
      retire: false,
      decidedBy: [],
      policies: [],
    });
  });

  it("keeps the input order of policies in the outcomes", () => {
    const ids = ["c", "a", "b"];
    const result = evaluateCompliance(unencrypted, ids.map((id) => violatedBy(["SEND_ALERT"], id)), NOW);
    expect(result.policies.map((p) => p.policyId)).toEqual(ids);
  });
});
