import "server-only";
import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "./permissions";
import { currentUser, type SessionUser } from "./session";

/**
 * The check every page and server action makes first. Anonymous: redirected to the sign-in
 * page (coming back afterwards); signed in without the permission: 403 (forbidden.tsx).
 */
export async function requirePermission(action: Permission, returnTo?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/signin?next=${encodeURIComponent(returnTo)}` : "/signin");
  if (!can(user.role, action)) forbidden();
  return user;
}

/** The same check for route handlers: a Response to return (401/403) or the user. */
export async function authorizeApi(action: Permission): Promise<{ user: SessionUser; response?: undefined } | { user?: undefined; response: Response }> {
  const user = await currentUser();
  if (!user) return { response: Response.json({ error: "unauthorized" }, { status: 401 }) };
  if (!can(user.role, action)) return { response: Response.json({ error: "forbidden", permission: action }, { status: 403 }) };
  return { user };
}
