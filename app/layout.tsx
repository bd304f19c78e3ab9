import type { Metadata } from "next";
import Link from "next/link";
import { LanguageSwitch } from "@/components/shell/language-switch";
import { ModeBadge } from "@/components/shell/mode-badge";
import { NavLinks } from "@/components/shell/nav-links";
import { UserMenu } from "@/components/shell/user-menu";
import { can } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import { microsoftMode } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Compliance Reporter", template: "%s · Compliance Reporter" },
  description: "MDM device compliance reporting to Microsoft Intune / Entra ID",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [{ locale, t }, user] = await Promise.all([getTranslator(), currentUser()]);
  // Only the links the user may follow; the pages check again themselves.
  const nav = user
    ? [
        { href: "/devices", label: t("nav.devices"), permission: "devices.read" as const },
        { href: "/triage", label: t("nav.triage"), permission: "triage.read" as const },
        { href: "/policies", label: t("nav.policies"), permission: "policies.read" as const },
        { href: "/settings", label: t("nav.settings"), permission: "settings.read" as const },
        { href: "/audit", label: t("nav.audit"), permission: "audit.read" as const },
      ]
        .filter((item) => can(user.role, item.permission))
        .map(({ href, label }) => ({ href, label }))
    : [];
  return (
    <html lang={locale}>
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          {t("app.skipToContent")}
        </a>
        <header className="bg-slate-900 text-white">
          <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
            <Link href="/devices" className="flex flex-col leading-tight">
              <span className="text-base font-semibold">{t("app.name")}</span>
              <span className="text-xs text-slate-300">{t("app.tagline")}</span>
            </Link>
            {user && <NavLinks items={nav} label={t("nav.label")} />}
            <div className="ml-auto flex items-center gap-3">
              {user && <ModeBadge mode={microsoftMode()} t={t} />}
              <LanguageSwitch locale={locale} t={t} />
              {user && <UserMenu user={user} t={t} />}
            </div>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-[1600px] px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
