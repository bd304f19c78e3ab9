import "server-only";
import type { NextAuthOptions } from "next-auth";
import AzureADProvider from "next-auth/providers/azure-ad";
import { prisma } from "../db";
import { upsertEntraUser } from "../db/users";
import { env } from "../env";
import { log } from "../log";
import { recordAudit } from "../audit/record";
import { parseRoleMap, roleFromClaims } from "./entra-roles";
import { isRole } from "./permissions";
import { authSecret } from "./secret";

/** "Sign in with Microsoft" is offered only when the AUTH_ENTRA_ID_* variables are set. */
export function entraConfigured(): boolean {
  return Boolean(env().AUTH_ENTRA_ID_CLIENT_ID);
}

/**
 * next-auth serves the Microsoft Entra ID sign-in (OAuth redirect and callback at
 * /api/auth/*). Local users sign in through app/signin/actions.ts, which writes the same
 * JWT session cookie. Sessions are JWTs; lib/auth/session.ts reads them.
 */
export function authOptions(): NextAuthOptions {
  const e = env();
  const roleMap = parseRoleMap(e.AUTH_ENTRA_ID_ROLE_MAP);
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: Math.round(e.AUTH_SESSION_HOURS * 3600) },
    pages: { signIn: "/signin", error: "/signin" },
    providers: entraConfigured()
      ? [
          AzureADProvider({
            clientId: e.AUTH_ENTRA_ID_CLIENT_ID!,
            clientSecret: e.AUTH_ENTRA_ID_CLIENT_SECRET!,
            tenantId: e.AUTH_ENTRA_ID_TENANT_ID,
            authorization: { params: { scope: "openid profile email" } },
          }),
        ]
      : [],
    callbacks: {
      async signIn({ profile }) {
        const claims = profile as Record<string, unknown> | undefined;
        const role = roleFromClaims(claims?.[e.AUTH_ENTRA_ID_ROLE_CLAIM], roleMap);
        if (!role) {
          log.warn({ component: "auth", provider: "entra" }, "Entra ID sign-in refused: no mapped group or app role");
          return "/signin?error=NoRole";
        }
        return true;
      },
      async jwt({ token, profile }) {
        if (!profile) return token; // later calls: keep the token as issued
        const claims = profile as Record<string, unknown>;
        const role = roleFromClaims(claims[e.AUTH_ENTRA_ID_ROLE_CLAIM], roleMap);
        const email = String(claims.preferred_username ?? claims.email ?? token.email ?? "");
        const user = role && email ? await upsertEntraUser(await prisma(), { objectId: String(claims.oid ?? token.sub), email, name: String(claims.name ?? email), role }) : null;
        if (!user || !isRole(user.role)) return { ...token, email: undefined };
        await recordAudit({ actor: { email: user.email, role: user.role }, action: "auth.signin", target: { type: "user", id: user.email }, after: { provider: "entra" } });
        return { ...token, sub: user.id, email: user.email, name: user.name, role: user.role, provider: "entra" };
      },
    },
  };
}
