import { isRole, type Role } from "./permissions";

/**
 * Maps an Entra ID token's group ids or app roles (AUTH_ENTRA_ID_ROLE_CLAIM) to a dashboard
 * role through AUTH_ENTRA_ID_ROLE_MAP (`ADMIN=<id or role>;HELPDESK=...;VIEWER=...`).
 * Unset: app roles (or groups) named ADMIN, HELPDESK and VIEWER map to those roles.
 * The most privileged match wins; no match: null (the sign-in is refused).
 */
export function parseRoleMap(spec: string | undefined): Map<string, Role> {
  const map = new Map<string, Role>();
  if (!spec?.trim()) return new Map([["admin", "ADMIN"], ["helpdesk", "HELPDESK"], ["viewer", "VIEWER"]]);
  for (const part of (spec ?? "").split(/[;,]/)) {
    const [role, value] = part.split("=").map((s) => s?.trim());
    if (isRole(role) && value) map.set(value.toLowerCase(), role);
  }
  return map;
}

const RANK: Record<Role, number> = { ADMIN: 3, HELPDESK: 2, VIEWER: 1 };

export function roleFromClaims(claimValues: unknown, roleMap: Map<string, Role>): Role | null {
  if (!Array.isArray(claimValues)) return null;
  let best: Role | null = null;
  for (const value of claimValues) {
    const role = typeof value === "string" ? roleMap.get(value.toLowerCase()) : undefined;
    if (role && (!best || RANK[role] > RANK[best])) best = role;
  }
  return best;
}
