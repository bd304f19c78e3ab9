import path from "node:path";
import { DEMO_PASSWORDS, DEMO_USERS } from "../lib/demo/fixtures";

/** The demo users the browser tests sign in as, and where each one's signed-in state is kept. */
export const ROLE_NAMES = ["ADMIN", "HELPDESK", "VIEWER"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export function demoUser(role: RoleName) {
  const user = DEMO_USERS.find((u) => u.role === role)!;
  return { ...user, password: DEMO_PASSWORDS[role] };
}

export const storageStateOf = (role: RoleName) => path.join("test-results", ".auth", `${role.toLowerCase()}.json`);
