"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/record";
import { clientAddress, currentUser, endSession } from "@/lib/auth/session";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locale";
import { formFields } from "@/lib/form-data";

/** The language switch: remembers the choice in a cookie for a year. Works without JavaScript. Public. */
export async function setLocaleAction(formData: FormData): Promise<void> {
  formData = formFields(formData);
  const locale = formData.get("locale");
  if (!isLocale(locale)) return; // unknown value: change nothing
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax", httpOnly: true });
}

/** Sign out (public: anyone may end their own session). */
export async function signOutAction(): Promise<void> {
  const user = await currentUser();
  await endSession();
  if (user) await recordAudit({ actor: user, action: "auth.signout", target: { type: "user", id: user.email }, ip: await clientAddress() });
  redirect("/signin");
}
