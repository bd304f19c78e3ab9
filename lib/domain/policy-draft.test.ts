import { describe, expect, it } from "vitest";
import { policyRulesSchema } from "./policy-rules";
import { EMPTY_POLICY_FORM, policyFormValues, readPolicyForm, splitAppIds, validatePolicyForm, type PolicyFormValues } from "./policy-draft";

const valid: PolicyFormValues = { ...EMPTY_POLICY_FORM, name: "  Minimum OS  ", minOsIOS: "17.4", actions: ["QUARANTINE"] };
const save = { requireRetireConfirmation: true };
const preview = { requireRetireConfirmation: false };

function errorsOf(values: Partial<PolicyFormValues>, options = save) {
  const result = validatePolicyForm({ ...valid, ...values }, options);
  return result.ok ? {} : result.errors;
}

describe("validatePolicyForm", () => {
  it("accepts a policy with a rule and an action, storing only the rules that constrain something", () => {
    const result = validatePolicyForm({ ...valid, passcodeRequired: true, forbiddenApps: "com.a, com.b\ncom.a", maxDaysSinceCheckIn: "30" }, save);
    expect(result).toEqual({
      ok: true,
      draft: {
        name: "Minimum OS",
        description: "",
        platforms: ["IOS", "ANDROID"],
        enabled: true,
        rules: { minOsVersion: { IOS: "17.4" }, passcodeRequired: true, forbiddenApps: ["com.a", "com.b"], maxDaysSinceCheckIn: 30 },
        actions: ["QUARANTINE"],
      },
    });
    if (result.ok) expect(policyRulesSchema.parse(result.draft.rules)).toEqual(result.draft.rules);
  });

  it("refuses a policy with no rule or no action, each with its own code", () => {
    expect(errorsOf({ minOsIOS: "" })).toEqual({ rules: "noRule" });
    expect(errorsOf({ actions: [] })).toEqual({ actions: "noAction" });
    expect(errorsOf({ minOsIOS: "", actions: [] })).toEqual({ rules: "noRule", actions: "noAction" });
  });

  it("names each bad field", () => {
    expect(errorsOf({ name: "   " })).toEqual({ name: "nameRequired" });
    expect(errorsOf({ name: "x".repeat(121) })).toEqual({ name: "nameTooLong" });
    expect(errorsOf({ name: "bad\u0007name" })).toEqual({ name: "nameRequired" });
    expect(errorsOf({ description: "x".repeat(1001) })).toEqual({ description: "descriptionTooLong" });
    expect(errorsOf({ platforms: [], minOsIOS: "" , passcodeRequired: true })).toEqual({ platforms: "noPlatform" });
    expect(errorsOf({ minOsIOS: "17.x" })).toEqual({ minOsIOS: "versionInvalid" });
    expect(errorsOf({ minOsANDROID: "-1" })).toEqual({ minOsANDROID: "versionInvalid" });
    expect(errorsOf({ platforms: ["IOS"], minOsANDROID: "14" })).toEqual({ minOsANDROID: "platformNotTargeted" });
    expect(errorsOf({ forbiddenApps: "com.ok bad/app" })).toEqual({ forbiddenApps: "appIdInvalid" });
    expect(errorsOf({ forbiddenApps: Array.from({ length: 201 }, (_, i) => `com.app${i}`).join("\n") })).toEqual({ forbiddenApps: "tooManyApps" });
    for (const days of ["0", "-3", "1.5", "3651", "ten"]) expect(errorsOf({ maxDaysSinceCheckIn: days }), days).toEqual({ maxDaysSinceCheckIn: "daysInvalid" });
  });

  it("asks to confirm Retire when saving an enabled policy with it, not when previewing or when disabled", () => {
    expect(errorsOf({ actions: ["SEND_ALERT", "RETIRE"] })).toEqual({ confirmRetire: "retireConfirm" });
    expect(errorsOf({ actions: ["RETIRE"], confirmRetire: true })).toEqual({});
    expect(errorsOf({ actions: ["RETIRE"] }, preview)).toEqual({});
    expect(errorsOf({ actions: ["RETIRE"], enabled: false })).toEqual({});
  });
});

describe("the form's values", () => {
  it("read from posted fields, ignoring unknown platforms, actions and non-text values", () => {
    const form = new FormData();
    form.set("name", "N");
    form.append("platforms", "IOS");
    form.append("platforms", "WINDOWS");
    form.append("actions", "RETIRE");
    form.append("actions", "BLOCK_EMAIL");
    form.append("actions", "DROP TABLE");
    form.set("enabled", "on");
    form.set("noJailbreak", "on");
    form.set("minOsIOS", new Blob(["17"]));
    const values = readPolicyForm(form);
    expect(values).toMatchObject({ name: "N", platforms: ["IOS"], actions: ["BLOCK_EMAIL", "RETIRE"], enabled: true, noJailbreak: true, passcodeRequired: false, minOsIOS: "" });
  });

  it("round-trip a stored policy", () => {
    const draft = { name: "P", description: "d", platforms: ["ANDROID" as const], enabled: false, rules: { minOsVersion: { ANDROID: "13" }, forbiddenApps: ["a.b", "c.d"], maxDaysSinceCheckIn: 7 }, actions: ["SEND_ALERT" as const] };
    const result = validatePolicyForm(policyFormValues(draft), save);
    expect(result).toEqual({ ok: true, draft });
  });

  it("split app ids on lines, commas, semicolons and spaces, without duplicates", () => {
    expect(splitAppIds(" com.a,com.b;\n\ncom.c  com.a ")).toEqual(["com.a", "com.b", "com.c"]);
  });
});
