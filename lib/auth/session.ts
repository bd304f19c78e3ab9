import "server-only";
import crypto from "node:crypto";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { decode, encode } from "next-auth/jwt";
import { prisma } from "../db";
import { findActiveUserByEmail } from "../db/users";
import { env } from "../env";
import { isRole, type Role } from "./permissions";
import { authSecret } from "./secret";

/**
 * Sessions are next-auth JWT cookies (encrypted with the auth secret), written by
 * next-auth itself after a Microsoft sign-in and by the local sign-in action, read here.
 * The user's role is re-read from the database on every request, so a changed role or a
 * disabled account takes effect at once.
 */
export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface SessionClaims {
  sub: string;
  email: string;
  name: string;
  role: Role;
  /** How the user signed in: "local" or "entra". */
  provider: string;
  sid: string;
}

const maxAgeSeconds = () => Math.round(env().AUTH_SESSION_HOURS * 3600);

/** True when the browser reached us over HTTPS (directly or through a proxy that says so). */
export async function requestIsHttps(): Promise<boolean> {
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (proto) return proto === "https";
  return env().NEXTAUTH_URL?.startsWith("https://") ?? false;
}

export async function clientAddress(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "unknown";
}

export async function startSession(user: SessionUser, provider: string): Promise<string> {
  const sid = crypto.randomUUID();
  const claims: SessionClaims = { sub: user.id, email: user.email, name: user.name, role: user.role, provider, sid };
  const token = await encode({ token: { ...claims }, secret: authSecret(), maxAge: maxAgeSeconds() });
  const secure = await requestIsHttps();
  const store = await cookies();
  store.set(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: "lax", path: "/", maxAge: maxAgeSeconds() });
  return sid;
}

export async function endSession(): Promise<void> {
  const store = await cookies();
  for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
    if (store.get(name)) store.set(name, "", { httpOnly: true, secure: name.startsWith("__Secure-"), sameSite: "lax", path: "/", maxAge: 0 });
  }
}

/** The session's claims as signed, or null (no cookie, expired, tampered). */
export async function readSessionClaims(): Promise<SessionClaims | null> {
  const store = await cookies();
  const raw = store.get(SECURE_SESSION_COOKIE)?.value ?? store.get(SESSION_COOKIE)?.value;
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: authSecret() });
    if (!token || typeof token.email !== "string" || typeof token.sub !== "string") return null;
    return { sub: token.sub, email: token.email, name: String(token.name ?? token.email), role: isRole(token.role) ? token.role : "VIEWER", provider: String(token.provider ?? "local"), sid: String(token.sid ?? "") };
  } catch {
    return null;
  }
}

/**
 * The signed-in user as the database knows them now, or null. Read once per request: the layout
 * and the page both ask (React's cache() keeps the answer for the rest of that render).
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const claims = await readSessionClaims();
  if (!claims) return null;
  const user = await findActiveUserByEmail(await prisma(), claims.email);
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
