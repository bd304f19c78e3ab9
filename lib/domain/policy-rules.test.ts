import { describe, expect, it } from "vitest";
import { compareVersions, hasAnyRule, parsePolicyRules, policyRulesSchema } from "./policy-rules";

describe("policyRulesSchema", () => {
  it("accepts every rule together", () => {
    const rules = {
      minOsVersion: { IOS: "17.4", ANDROID: "14" },
      passcodeRequired: true,
      encryptionRequired: true,
      noJailbreak: true,
      forbiddenApps: ["com.example.torrent"],
      maxDaysSinceCheckIn: 7,
    };
    expect(policyRulesSchema.parse(rules)).toEqual(rules);
  });

  it.each([
    [{ minOsVersion: { IOS: "17" } }],
    [{ minOsVersion: { ANDROID: "14.0.1" } }],
    [{ passcodeRequired: true }],
    [{ encryptionRequired: true }],
    [{ noJailbreak: true }],
    [{ forbiddenApps: ["a"] }],
    [{ maxDaysSinceCheckIn: 1 }],
  ])("accepts a single rule %j", (rules) => {
    expect(policyRulesSchema.safeParse(rules).success).toBe(true);
  });

  it.each([
    [{}],
    [{ passcodeRequired: false }],
    [{ passcodeRequired: false, encryptionRequired: false, noJailbreak: false }],
    [{ minOsVersion: {} }],
    [{ forbiddenApps: [] }],
  ])("refuses %j: no rule set", (rules) => {
    const result = policyRulesSchema.safeParse(rules);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain("a policy needs at least one rule");
  });

  it.each([["17.x"], [""], ["v17"], ["17."], [".4"], ["17..4"], [" 17"], [17]])(
    "refuses the version %j",
    (version) => {
      expect(policyRulesSchema.safeParse({ minOsVersion: { IOS: version } }).success).toBe(false);
    },
  );

  it("refuses unknown keys, at the top and inside minOsVersion", () => {
    expect(policyRulesSchema.safeParse({ passcodeRequired: true, pinLength: 6 }).success).toBe(false);
    expect(policyRulesSchema.safeParse({ minOsVersion: { WINDOWS: "10" } }).success).toBe(false);
  });

  it("dedupes and trims forbidden app ids, and refuses empty ones", () => {
    expect(policyRulesSchema.parse({ forbiddenApps: ["b", " a ", "b", "a"] }).forbiddenApps).toEqual(["b", "a"]);
    expect(policyRulesSchema.safeParse({ forbiddenApps: ["a", ""] }).success).toBe(false);
    expect(policyRulesSchema.safeParse({ forbiddenApps: ["  "] }).success).toBe(false);
    expect(policyRulesSchema.safeParse({ forbiddenApps: [3] }).success).toBe(false);
  });

  it.each([[0], [-1], [1.5], ["7"]])("refuses maxDaysSinceCheckIn %j", (days) => {
    expect(policyRulesSchema.safeParse({ maxDaysSinceCheckIn: days }).success).toBe(false);
  });

  it("refuses non-boolean flags", () => {
    expect(policyRulesSchema.safeParse({ passcodeRequired: "yes" }).success).toBe(false);
  });

  it("parsePolicyRules throws on invalid stored rules", () => {
    expect(() => parsePolicyRules(null)).toThrow();
    expect(parsePolicyRules({ noJailbreak: true })).toEqual({ noJailbreak: true });
  });

  it("hasAnyRule sees only rules that constrain something", () => {
    expect(hasAnyRule({ noJailbreak: false })).toBe(false);
    expect(hasAnyRule({ noJailbreak: true })).toBe(true);
  });
});

describe("compareVersions", () => {
  it.each([
    ["17.4", "17.10", -1],
    ["17.10", "17.4", 1],
    ["17", "17.0", 0],
    ["17.0.0", "17", 0],
    ["17.4", "17.4", 0],
    ["16.7.8", "17", -1],
    ["9", "10", -1],
    ["14.0.1", "14", 1],
    ["18", "17.99.99", 1],
  ])("%s vs %s -> %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it("reads device versions leniently and ranks garbage low", () => {
    expect(compareVersions("17.4.1 (21E236)", "17.4.1")).toBe(0);
    expect(compareVersions("14-beta", "14")).toBe(0);
    expect(compareVersions("", "1")).toBe(-1);
    expect(compareVersions("unknown", "0")).toBe(0);
  });
});
