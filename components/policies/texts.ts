import type { Locale } from "@/lib/i18n/locale";
import { messagesFor, type Messages } from "@/lib/i18n/translate";

/** The messages the policy editor's client components show (passed from the server page: plain data). */
export interface PolicyTexts {
  locale: Locale;
  policies: Messages["policies"];
  action: Messages["action"];
  platform: Messages["platform"];
  verdict: Messages["verdict"];
}

export function policyTexts(locale: Locale): PolicyTexts {
  const m = messagesFor(locale);
  return { locale, policies: m.policies, action: m.action, platform: m.platform, verdict: m.verdict };
}
