/**
 * The one permission table. Every page, server action and route handler asks
 * `can(role, action)` (through lib/auth/guard.ts) on the server; the UI only hides what the
 * server would refuse anyway.
 */
export const ROLES = ["ADMIN", "HELPDESK", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "devices.read": ["ADMIN", "HELPDESK", "VIEWER"],
  "triage.read": ["ADMIN", "HELPDESK", "VIEWER"],
  "audit.read": ["ADMIN", "HELPDESK", "VIEWER"],
  "audit.export": ["ADMIN", "HELPDESK", "VIEWER"],
  "policies.read": ["ADMIN", "HELPDESK", "VIEWER"],
  "device.resync": ["ADMIN", "HELPDESK"],
  "device.retire": ["ADMIN"],
  "policy.edit": ["ADMIN"],
  "settings.read": ["ADMIN"],
  "settings.edit": ["ADMIN"],
  "integration.test": ["ADMIN"],
  "integration.provision": ["ADMIN"],
  "weekly.runNow": ["ADMIN"],
  "apikeys.manage": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, action: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}
