import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateCompliance, type PolicyInput } from "./compliance";
import { evaluationTrigger } from "./evaluation-trigger";
import { affectedPlatforms, emptyImpact, evaluationKey, policiesAfter, tallyImpact, type ImpactDevice } from "./policy-impact";
import { LIFECYCLES, PLATFORMS, POLICY_ACTIONS, VERDICTS } from "./types";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const DAY = 86_400_000;

function device(id: string, overrides: Partial<ImpactDevice> = {}): ImpactDevice {
  return {
    id,
    name: `Device ${id}`,
    ownerUpn: `${id}@contoso.example`,
    platform: "IOS",
    osVersion: "17.4",
    passcodeSet: true,
    encrypted: true,
    jailbroken: false,
    installedApps: [],
    lastCheckInAt: new Date(NOW.getTime() - DAY),
    verdict: "COMPLIANT",
    lifecycle: "ACTIVE",
    azureDeviceId: "007c8232-9489-4074-9b35-345b16f0a72d",
    ...overrides,
  };
}

const minOs: PolicyInput = { id: "p-min", name: "Minimum OS", enabled: true, platforms: ["IOS", "ANDROID"], rules: { minOsVersion: { IOS: "17.0" } }, actions: ["QUARANTINE"] };
const jailbreak: PolicyInput = { id: "p-jb", name: "Jailbreak", enabled: true, platforms: ["IOS", "ANDROID"], rules: { noJailbreak: true }, actions: ["SEND_ALERT", "RETIRE"] };

describe("the impact of tightening the minimum OS version", () => {
  const fleet = [
    device("a", { osVersion: "17.2" }), // compliant -> not compliant
    device("b", { osVersion: "18.0" }), // stays compliant
    device("c", { osVersion: "16.1", verdict: "NOT_COMPLIANT" }), // already not compliant: nothing
    device("d", { osVersion: "17.3", azureDeviceId: null }), // changes, but its report is not sent
    device("e", { osVersion: "17.1", lifecycle: "RETIRE_PENDING" }), // being retired: nothing more
    device("f", { platform: "ANDROID", osVersion: "9" }), // no Android minimum
  ];
  const tightened: PolicyInput = { ...minOs, rules: { minOsVersion: { IOS: "17.4" } } };
  const change = { kind: "save" as const, before: minOs, after: tightened };

  it("counts the devices whose verdict changes, the reports saving queues and the ones not sent", () => {
    const impact = tallyImpact(emptyImpact(), fleet, policiesAfter([minOs, jailbreak], change), NOW);
    expect(impact).toMatchObject({ evaluated: 6, toNotCompliant: 2, toCompliant: 0, retired: 0, reports: { COMPLIANCE_CHANGE: 2, RETIRE: 0 }, notSent: 1 });
    expect(impact.sample.map((s) => [s.deviceId, s.from, s.to, s.trigger, s.winningAction, s.decidedBy, s.notSent])).toEqual([
      ["a", "COMPLIANT", "NOT_COMPLIANT", "COMPLIANCE_CHANGE", "QUARANTINE", ["Minimum OS"], false],
      ["d", "COMPLIANT", "NOT_COMPLIANT", "COMPLIANCE_CHANGE", "QUARANTINE", ["Minimum OS"], true],
    ]);
  });

  it("counts the way back when the policy is loosened, and retirements when Retire wins", () => {
    const loosened = tallyImpact(emptyImpact(), fleet, policiesAfter([minOs], { kind: "save", before: minOs, after: { ...minOs, rules: { minOsVersion: { IOS: "16.0" } } } }), NOW);
    expect(loosened).toMatchObject({ toNotCompliant: 0, toCompliant: 1, reports: { COMPLIANCE_CHANGE: 1, RETIRE: 0 } });
    const retiring = tallyImpact(emptyImpact(), fleet, [{ ...tightened, actions: ["RETIRE"] }], NOW);
    // a, c (already not compliant, still retired), d; e is being retired already.
    expect(retiring).toMatchObject({ retired: 3, toNotCompliant: 0, reports: { COMPLIANCE_CHANGE: 0, RETIRE: 3 } });
  });

  it("keeps at most the sample size, in the order devices were evaluated", () => {
    const many = Array.from({ length: 30 }, (_, i) => device(`x${String(i).padStart(2, "0")}`, { osVersion: "17.1" }));
    const impact = tallyImpact(emptyImpact(), many, [tightened], NOW, 10);
    expect(impact.toNotCompliant).toBe(30);
    expect(impact.sample.map((s) => s.deviceId)).toEqual(many.slice(0, 10).map((d) => d.id));
  });
});

describe("the affected platforms of a change", () => {
  it("are the targets of the policy while enabled, before or after", () => {
    expect(affectedPlatforms({ kind: "save", before: null, after: { ...minOs, platforms: ["ANDROID"] } })).toEqual(["ANDROID"]);
    expect(affectedPlatforms({ kind: "save", before: { ...minOs, platforms: ["IOS"] }, after: { ...minOs, platforms: ["ANDROID"], rules: { passcodeRequired: true } } })).toEqual(["IOS", "ANDROID"]);
    expect(affectedPlatforms({ kind: "delete", before: { ...minOs, platforms: ["IOS"] } })).toEqual(["IOS"]);
    expect(affectedPlatforms({ kind: "save", before: { ...minOs, enabled: false }, after: { ...minOs, enabled: true, platforms: ["IOS"] } })).toEqual(["IOS"]);
  });
  it("are none when nothing that decides a verdict changed (a name, a disabled policy edited, the same rules in another order)", () => {
    expect(affectedPlatforms({ kind: "save", before: minOs, after: { ...minOs, name: "Renamed" } })).toEqual([]);
    expect(affectedPlatforms({ kind: "save", before: { ...minOs, enabled: false }, after: { ...minOs, enabled: false, rules: { passcodeRequired: true } } })).toEqual([]);
    expect(affectedPlatforms({ kind: "delete", before: { ...minOs, enabled: false } })).toEqual([]);
    const reordered = { ...minOs, platforms: ["ANDROID", "IOS"] as const, rules: { noJailbreak: true, passcodeRequired: true } };
    expect(evaluationKey({ ...reordered, platforms: [...reordered.platforms] })).toBe(evaluationKey({ ...minOs, rules: { passcodeRequired: true, noJailbreak: true } }));
  });
});

describe("policiesAfter", () => {
  it("replaces an edited policy in place, appends a new one, removes a deleted one", () => {
    const edited = { ...minOs, name: "Edited" };
    expect(policiesAfter([minOs, jailbreak], { kind: "save", before: minOs, after: edited }).map((p) => p.name)).toEqual(["Edited", "Jailbreak"]);
    expect(policiesAfter([minOs], { kind: "save", before: null, after: jailbreak }).map((p) => p.id)).toEqual(["p-min", "p-jb"]);
    expect(policiesAfter([minOs, jailbreak], { kind: "delete", before: minOs }).map((p) => p.id)).toEqual(["p-jb"]);
  });
});

// ---------------------------------------------------------------- the preview against the evaluation

const arbPolicy = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(`Policy ${id}`),
    enabled: fc.boolean(),
    platforms: fc.subarray([...PLATFORMS], { minLength: 1 }),
    rules: fc.record(
      {
        minOsVersion: fc.record({ IOS: fc.constantFrom("16", "17.0", "17.4", "18"), ANDROID: fc.constantFrom("12", "13", "14") }, { requiredKeys: [] }),
        passcodeRequired: fc.boolean(),
        encryptionRequired: fc.boolean(),
        noJailbreak: fc.boolean(),
        forbiddenApps: fc.subarray(["com.bad.one", "com.bad.two"], { minLength: 1 }),
        maxDaysSinceCheckIn: fc.integer({ min: 1, max: 60 }),
      },
      { requiredKeys: [] },
    ),
    actions: fc.subarray([...POLICY_ACTIONS], { minLength: 1 }),
  }) as fc.Arbitrary<PolicyInput>;

const arbDevice = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(`Device ${id}`),
    ownerUpn: fc.constant(`${id}@contoso.example`),
    platform: fc.constantFrom(...PLATFORMS),
    osVersion: fc.constantFrom("12", "13.1", "14", "16.7", "17.0", "17.3", "18.1", ""),
    passcodeSet: fc.boolean(),
    encrypted: fc.boolean(),
    jailbroken: fc.boolean(),
    installedApps: fc.subarray(["com.bad.one", "com.bad.two", "com.good"]),
    lastCheckInAt: fc.integer({ min: 0, max: 90 }).map((days) => new Date(NOW.getTime() - days * DAY)),
    verdict: fc.constantFrom(...VERDICTS),
    lifecycle: fc.constantFrom(...LIFECYCLES),
    azureDeviceId: fc.option(fc.constant("007c8232-9489-4074-9b35-345b16f0a72d")),
  }) as fc.Arbitrary<ImpactDevice>;

const arbFleet = fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbDevice(`d${String(i).padStart(3, "0")}`))));
const arbPolicies = fc.integer({ min: 0, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbPolicy(`p${i}`))));

describe("the preview against the evaluation (same functions as saving)", () => {
  it("reports, for every device, exactly what evaluateCompliance and evaluationTrigger decide", () => {
    fc.assert(
      fc.property(arbFleet, arbPolicies, (fleet, policies) => {
        const impact = tallyImpact(emptyImpact(), fleet, policies, NOW, Number.MAX_SAFE_INTEGER);
        const expected = fleet.flatMap((d) => {
          const result = evaluateCompliance(d, policies, NOW);
          const trigger = evaluationTrigger(d, result);
          return trigger ? [{ deviceId: d.id, to: result.verdict, trigger, winningAction: result.winningAction }] : [];
        });
        expect(impact.sample.map((s) => ({ deviceId: s.deviceId, to: s.to, trigger: s.trigger, winningAction: s.winningAction }))).toEqual(expected);
        expect(impact.reports.COMPLIANCE_CHANGE + impact.reports.RETIRE).toBe(expected.length);
        expect(impact.toNotCompliant + impact.toCompliant).toBe(impact.reports.COMPLIANCE_CHANGE);
        expect(impact.retired).toBe(impact.reports.RETIRE);
        expect(impact.evaluated).toBe(fleet.length);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same tally however the devices are cut into pages", () => {
    fc.assert(
      fc.property(arbFleet, arbPolicies, fc.integer({ min: 1, max: 7 }), (fleet, policies, page) => {
        const whole = tallyImpact(emptyImpact(), fleet, policies, NOW);
        const paged = emptyImpact();
        for (let i = 0; i < fleet.length; i += page) tallyImpact(paged, fleet.slice(i, i + page), policies, NOW);
        expect(paged).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it("predicts nothing for a change that re-evaluates nobody, when stored verdicts are current", () => {
    fc.assert(
      fc.property(arbFleet, arbPolicies, (fleet, policies) => {
        // Stored verdicts as the current policies decide them: a rename changes no verdict.
        const current = fleet.map((d) => ({ ...d, verdict: evaluateCompliance(d, policies, NOW).verdict }));
        const renamed = policies.map((p) => ({ ...p, name: `${p.name} (renamed)` }));
        const impact = tallyImpact(emptyImpact(), current, renamed, NOW);
        expect(impact.reports.COMPLIANCE_CHANGE).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
