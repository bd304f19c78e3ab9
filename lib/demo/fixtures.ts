/**
 * The fixed part of the demo: the dashboard's users, the compliance policies and the Azure
 * settings. Ids come from the seed so a re-run produces the same rows.
 */
import type { PolicyInput } from "../domain/compliance";
import { policyRulesSchema, type PolicyRules } from "../domain/policy-rules";
import type { Platform, PolicyAction, Role } from "../domain/types";
import { DEMO_DOMAIN, FILE_SHARING_APPS } from "./catalog";
import { uuidFromName } from "./random";

/** The demo customer's Entra tenant (fixed, so emulator state and payloads agree across seeds). */
export const DEMO_TENANT_ID = "5f3c1d2e-8a47-4b6e-9c1f-2d7a9e4b6c30";

export const DEMO_USERS = [
  { email: `admin@${DEMO_DOMAIN}`, name: "Laura Sánchez", role: "ADMIN" },
  { email: `helpdesk@${DEMO_DOMAIN}`, name: "David Miller", role: "HELPDESK" },
  { email: `viewer@${DEMO_DOMAIN}`, name: "Carmen Ortiz", role: "VIEWER" },
] as const satisfies readonly { email: string; name: string; role: Role }[];

/**
 * The demo users' passwords, shown in README.md for the demo only. A production start on a
 * real database refuses to run while any user still has one of them (lib/auth/demo-passwords.ts).
 */
export const DEMO_PASSWORDS: Record<(typeof DEMO_USERS)[number]["role"], string> = {
  ADMIN: "demo-admin-2026",
  HELPDESK: "demo-helpdesk-2026",
  VIEWER: "demo-viewer-2026",
};

export const ADMIN_EMAIL = DEMO_USERS[0].email;
export const HELPDESK_EMAIL = DEMO_USERS[1].email;

export interface DemoPolicyDefinition {
  key: "jailbreak" | "minOs" | "passcode" | "encryption" | "staleCheckIn" | "fileSharing";
  name: string;
  description: string;
  platforms: Platform[];
  enabled: boolean;
  rules: PolicyRules;
  actions: PolicyAction[];
  /** Days before `now` the policy was created and last edited. */
  createdDaysAgo: number;
  updatedDaysAgo: number;
}

/** Minimum OS versions of the "Minimum OS version" policy; the generator places devices on both sides. */
export const MIN_OS = { IOS: "17.0", ANDROID: "13" } as const;
export const STALE_DAYS = 30;

export const DEMO_POLICY_DEFINITIONS: readonly DemoPolicyDefinition[] = [
  {
    key: "jailbreak",
    name: "Jailbroken or rooted devices",
    description:
      "A jailbroken iPhone or rooted Android device can no longer be trusted with company data: alert the security team and retire it, which removes it from Entra ID.",
    platforms: ["IOS", "ANDROID"],
    enabled: true,
    rules: { noJailbreak: true },
    actions: ["SEND_ALERT", "RETIRE"],
    createdDaysAgo: 700,
    updatedDaysAgo: 700,
  },
  {
    key: "minOs",
    name: "Minimum OS version",
    description: `Devices below iOS/iPadOS ${MIN_OS.IOS} or Android ${MIN_OS.ANDROID} miss security fixes: quarantine them until they are updated.`,
    platforms: ["IOS", "ANDROID"],
    enabled: true,
    rules: { minOsVersion: { ...MIN_OS } },
    actions: ["QUARANTINE"],
    createdDaysAgo: 700,
    updatedDaysAgo: 120,
  },
  {
    key: "passcode",
    name: "Passcode required",
    description: "Every device must be protected by a passcode, PIN or biometric unlock; without one, company email is blocked.",
    platforms: ["IOS", "ANDROID"],
    enabled: true,
    rules: { passcodeRequired: true },
    actions: ["BLOCK_EMAIL"],
    createdDaysAgo: 700,
    updatedDaysAgo: 700,
  },
  {
    key: "encryption",
    name: "Android storage encryption",
    description: "Android devices must encrypt their storage; unencrypted devices lose access to AppConnect apps. iOS encrypts whenever a passcode is set.",
    platforms: ["ANDROID"],
    enabled: true,
    rules: { encryptionRequired: true },
    actions: ["BLOCK_APPCONNECT"],
    createdDaysAgo: 650,
    updatedDaysAgo: 650,
  },
  {
    key: "staleCheckIn",
    name: `No check-in for ${STALE_DAYS} days`,
    description: `Alert helpdesk when a device has not checked in for more than ${STALE_DAYS} days: it may be lost, broken or left in a drawer. The device stays compliant.`,
    platforms: ["IOS", "ANDROID"],
    enabled: true,
    rules: { maxDaysSinceCheckIn: STALE_DAYS },
    actions: ["SEND_ALERT"],
    createdDaysAgo: 400,
    updatedDaysAgo: 90,
  },
  {
    key: "fileSharing",
    name: "Unapproved file-sharing apps",
    description: "Draft, not enforced yet: consumer file-sharing apps would block AppConnect apps. Waiting for sign-off from the security team.",
    platforms: ["IOS", "ANDROID"],
    enabled: false,
    rules: { forbiddenApps: [...FILE_SHARING_APPS.IOS, ...FILE_SHARING_APPS.ANDROID] },
    actions: ["BLOCK_APPCONNECT"],
    createdDaysAgo: 21,
    updatedDaysAgo: 6,
  },
];

export type DemoPolicyInputs = Record<DemoPolicyDefinition["key"], PolicyInput>;

/** The policies as evaluateCompliance takes them; rules are validated like the UI would. */
export function demoPolicyInputs(seed: number): { list: PolicyInput[]; byKey: DemoPolicyInputs } {
  const byKey = {} as DemoPolicyInputs;
  const list = DEMO_POLICY_DEFINITIONS.map((definition) => {
    const input: PolicyInput = {
      id: uuidFromName(seed, `policy:${definition.key}`),
      name: definition.name,
      enabled: definition.enabled,
      platforms: [...definition.platforms],
      rules: policyRulesSchema.parse(definition.rules),
      actions: [...definition.actions],
    };
    byKey[definition.key] = input;
    return input;
  });
  return { list, byKey };
}
