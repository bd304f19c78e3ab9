"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { isDemoPassword, isProductionDatabase } from "@/lib/auth/demo-passwords";
import { dummyHash, verifyPassword } from "@/lib/auth/password";
import { isRole } from "@/lib/auth/permissions";
import { signInLimiters } from "@/lib/auth/rate-limit";
import { clientAddress, startSession } from "@/lib/auth/session";
import { safeReturnPath } from "@/lib/auth/return-path";
import { prisma } from "@/lib/db";
import { findActiveUserByEmail } from "@/lib/db/users";
import { env } from "@/lib/env";
import { formFields } from "@/lib/form-data";

export interface SignInState {
  error?: "missing" | "invalid" | "rateLimited" | "demoRefused";
  retryAfter?: number;
  email?: string;
}

const schema = z.object({ email: z.string().trim().toLowerCase().min(3).max(320), password: z.string().min(1).max(1024), next: z.string().optional() });

/** Local sign-in (public: it is how one gets a session). Rate-limited per account and per address. */
export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  formData = formFields(formData);
  const parsed = schema.safeParse({ email: formData.get("email"), password: formData.get("password"), next: formData.get("next") ?? undefined });
  if (!parsed.success) return { error: "missing", email: String(formData.get("email") ?? "") };
  const { email, password } = parsed.data;
  const ip = await clientAddress();
  const limiters = signInLimiters();
  const wait = Math.max(limiters.account.retryAfter(email), limiters.address.retryAfter(ip));
  if (wait > 0) {
    await recordAudit({ actor: null, action: "auth.signin.rateLimited", target: { type: "user", id: email }, ip });
    return { error: "rateLimited", retryAfter: wait, email };
  }

  const database = await prisma();
  const user = await findActiveUserByEmail(database, email);
  // Verify against a dummy hash for unknown accounts, so timing does not reveal which exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || !isRole(user.role)) {
    limiters.account.fail(email);
    limiters.address.fail(ip);
    await recordAudit({ actor: null, action: "auth.signin.failed", target: { type: "user", id: email }, ip });
    return { error: "invalid", email };
  }
  if (isProductionDatabase(env()) && isDemoPassword(password)) {
    await recordAudit({ actor: { email: user.email, role: user.role }, action: "auth.signin.failed", target: { type: "user", id: user.email }, after: { reason: "demo password" }, ip });
    return { error: "demoRefused", email };
  }
  limiters.account.clear(email);
  await startSession({ id: user.id, email: user.email, name: user.name, role: user.role }, "local");
  await recordAudit({ actor: { email: user.email, role: user.role }, action: "auth.signin", target: { type: "user", id: user.email }, after: { provider: "local" }, ip });
  redirect(safeReturnPath(parsed.data.next));
}
