/**
 * The policy editor's form: its values (what the browser shows and posts), their validation
 * into a policy draft (what is stored). Errors are codes; the UI words them in the user's language
 * (messages "policies.errors.<code>").
 */
import type { PolicyInput } from "./compliance";
import { policyRulesSchema, type PolicyRules } from "./policy-rules";
import { PLATFORMS, POLICY_ACTIONS, type Platform, type PolicyAction } from "./types";

/** The form as text and ticks, exactly as the admin typed it. */
export interface PolicyFormValues {
  name: string;
  description: string;
  platforms: Platform[];
  enabled: boolean;
  minOsIOS: string;
  minOsANDROID: string;
  passcodeRequired: boolean;
  encryptionRequired: boolean;
  noJailbreak: boolean;
  /** App ids, one per line (commas and spaces separate too). */
  forbiddenApps: string;
  maxDaysSinceCheckIn: string;
  actions: PolicyAction[];
  /** The admin confirmed that Retire removes devices' data from Azure. */
  confirmRetire: boolean;
}

/** A valid policy, as stored (CompliancePolicy without its id and times). */
export interface PolicyDraft {
  name: string;
  description: string;
  platforms: Platform[];
  enabled: boolean;
  rules: PolicyRules;
  actions: PolicyAction[];
}

export type PolicyField = Exclude<keyof PolicyFormValues, "passcodeRequired" | "encryptionRequired" | "noJailbreak" | "enabled"> | "rules";

export const POLICY_ERROR_CODES = [
  "nameRequired",
  "nameTooLong",
  "nameTaken",
  "descriptionTooLong",
  "noPlatform",
  "versionInvalid",
  "platformNotTargeted",
  "appIdInvalid",
  "tooManyApps",
  "daysInvalid",
  "noRule",
  "noAction",
  "retireConfirm",
] as const;
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];

export type PolicyValidation = { ok: true; draft: PolicyDraft } | { ok: false; errors: Partial<Record<PolicyField, PolicyErrorCode>> };

export const NAME_MAX = 120;
export const DESCRIPTION_MAX = 1000;
export const MAX_FORBIDDEN_APPS = 200;
export const MAX_DAYS = 3650;

const VERSION = /^\d{1,4}(\.\d{1,4}){0,3}$/;
// Bundle ids and package names: letters, digits, dots, dashes, underscores; no spaces or controls.
const APP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const EMPTY_POLICY_FORM: PolicyFormValues = {
  name: "",
  description: "",
  platforms: ["IOS", "ANDROID"],
  enabled: true,
  minOsIOS: "",
  minOsANDROID: "",
  passcodeRequired: false,
  encryptionRequired: false,
  noJailbreak: false,
  forbiddenApps: "",
  maxDaysSinceCheckIn: "",
  actions: [],
  confirmRetire: false,
};

/** Something with FormData's two getters (a FormData or a test double). */
export interface FormReader {
  get(name: string): unknown;
  getAll(name: string): unknown[];
}

const text = (value: unknown) => (typeof value === "string" ? value : "");
const ticked = (value: unknown) => value === "on" || value === "true";

/** Reads the posted form; anything missing or of the wrong kind reads as empty (validation then says what is wrong). */
export function readPolicyForm(form: FormReader): PolicyFormValues {
  const platforms = form.getAll("platforms").map(text);
  const actions = form.getAll("actions").map(text);
  return {
    name: text(form.get("name")),
    description: text(form.get("description")),
    platforms: PLATFORMS.filter((p) => platforms.includes(p)),
    enabled: ticked(form.get("enabled")),
    minOsIOS: text(form.get("minOsIOS")),
    minOsANDROID: text(form.get("minOsANDROID")),
    passcodeRequired: ticked(form.get("passcodeRequired")),
    encryptionRequired: ticked(form.get("encryptionRequired")),
    noJailbreak: ticked(form.get("noJailbreak")),
    forbiddenApps: text(form.get("forbiddenApps")),
    maxDaysSinceCheckIn: text(form.get("maxDaysSinceCheckIn")),
    actions: POLICY_ACTIONS.filter((a) => actions.includes(a)),
    confirmRetire: ticked(form.get("confirmRetire")),
  };
}

/** A stored policy as the form shows it. */
export function policyFormValues(policy: Omit<PolicyDraft, "rules"> & { rules: PolicyRules }): PolicyFormValues {
  const r = policy.rules;
  return {
    name: policy.name,
    description: policy.description,
    platforms: PLATFORMS.filter((p) => policy.platforms.includes(p)),
    enabled: policy.enabled,
    minOsIOS: r.minOsVersion?.IOS ?? "",
    minOsANDROID: r.minOsVersion?.ANDROID ?? "",
    passcodeRequired: r.passcodeRequired === true,
    encryptionRequired: r.encryptionRequired === true,
    noJailbreak: r.noJailbreak === true,
    forbiddenApps: (r.forbiddenApps ?? []).join("\n"),
    maxDaysSinceCheckIn: r.maxDaysSinceCheckIn === undefined ? "" : String(r.maxDaysSinceCheckIn),
    actions: POLICY_ACTIONS.filter((a) => policy.actions.includes(a)),
    confirmRetire: false,
  };
}

export function splitAppIds(value: string): string[] {
  return [...new Set(value.split(/[\s,;]+/).map((id) => id.trim()).filter((id) => id.length > 0))];
}

/** A policy that retires devices when it is saved enabled: saving it needs the admin's confirmation. */
export function retires(draft: Pick<PolicyDraft, "enabled" | "actions">): boolean {
  return draft.enabled && draft.actions.includes("RETIRE");
}

/**
 * Validates the form. `requireRetireConfirmation`: saving (not previewing) an enabled policy
 * with Retire needs the confirmation box ticked.
 */
export function validatePolicyForm(values: PolicyFormValues, options: { requireRetireConfirmation: boolean }): PolicyValidation {
  const errors: Partial<Record<PolicyField, PolicyErrorCode>> = {};
  const name = values.name.trim();
  if (name.length === 0 || CONTROL.test(name)) errors.name = "nameRequired";
  else if (name.length > NAME_MAX) errors.name = "nameTooLong";
  const description = values.description.trim();
  if (description.length > DESCRIPTION_MAX || CONTROL.test(description)) errors.description = "descriptionTooLong";
  if (values.platforms.length === 0) errors.platforms = "noPlatform";

  const minOsVersion: { IOS?: string; ANDROID?: string } = {};
  for (const platform of PLATFORMS) {
    const field = platform === "IOS" ? "minOsIOS" : "minOsANDROID";
    const version = values[field].trim();
    if (version === "") continue;
    if (!VERSION.test(version)) errors[field] = "versionInvalid";
    else if (!values.platforms.includes(platform)) errors[field] = "platformNotTargeted";
    else minOsVersion[platform] = version;
  }

  const apps = splitAppIds(values.forbiddenApps);
  if (apps.some((id) => !APP_ID.test(id))) errors.forbiddenApps = "appIdInvalid";
  else if (apps.length > MAX_FORBIDDEN_APPS) errors.forbiddenApps = "tooManyApps";

  let maxDays: number | undefined;
  const daysText = values.maxDaysSinceCheckIn.trim();
  if (daysText !== "") {
    const days = /^\d{1,5}$/.test(daysText) ? Number(daysText) : NaN;
    if (!(days >= 1 && days <= MAX_DAYS)) errors.maxDaysSinceCheckIn = "daysInvalid";
    else maxDays = days;
  }

  const rules: PolicyRules = {
    ...(Object.keys(minOsVersion).length > 0 ? { minOsVersion } : {}),
    ...(values.passcodeRequired ? { passcodeRequired: true } : {}),
    ...(values.encryptionRequired ? { encryptionRequired: true } : {}),
    ...(values.noJailbreak ? { noJailbreak: true } : {}),
    ...(apps.length > 0 && !errors.forbiddenApps ? { forbiddenApps: apps } : {}),
    ...(maxDays !== undefined ? { maxDaysSinceCheckIn: maxDays } : {}),
  };
  const ruleErrors = errors.minOsIOS || errors.minOsANDROID || errors.forbiddenApps || errors.maxDaysSinceCheckIn;
  const parsed = policyRulesSchema.safeParse(rules);
  if (!ruleErrors && !parsed.success) errors.rules = "noRule";

  if (values.actions.length === 0) errors.actions = "noAction";
  const draft: PolicyDraft = { name, description, platforms: [...values.platforms], enabled: values.enabled, rules, actions: [...values.actions] };
  if (options.requireRetireConfirmation && retires(draft) && !values.confirmRetire) errors.confirmRetire = "retireConfirm";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, draft: { ...draft, rules: parsed.success ? parsed.data : rules } };
}

export function draftAsPolicyInput(id: string, draft: PolicyDraft): PolicyInput {
  return { id, name: draft.name, enabled: draft.enabled, platforms: draft.platforms, rules: draft.rules, actions: draft.actions };
}
