/**
 * What each Azure client status code means, who can fix it, and what the device user should
 * do: helpdesk triages devices by this code (domain.md), so the texts must be usable as is.
 * The raw code is always shown next to these texts: tickets search it.
 */
import { CLIENT_STATUS_TEXTS_EN } from "./client-status-texts.en";
import { CLIENT_STATUS_TEXTS_ES } from "./client-status-texts.es";
import type { ClientStatusCode, Locale } from "./types";

/** Who must act: nobody, the device user, helpdesk, or an Entra / Intune administrator. */
export type ClientStatusFixer = "none" | "device_user" | "helpdesk" | "admin";

export interface ClientStatusText {
  label: string;
  meaning: string;
  whoCanFix: string;
  /** Numbered steps (the UI numbers them) for the device user; when the user cannot fix it,
   *  they say who must act and what the user can do meanwhile. */
  userSteps: string[];
}

/** The MSAL error behind a code, per platform; absent where MSAL has no matching error. */
export interface MsalErrorNames {
  ios?: string;
  android?: string;
}

export interface ClientStatusEntry {
  fixer: ClientStatusFixer;
  msal: MsalErrorNames;
  texts: Record<Locale, ClientStatusText>;
}

/** One code's facts and its texts in one locale, flattened for the UI. */
export interface ClientStatusInfo extends ClientStatusText {
  code: ClientStatusCode;
  fixer: ClientStatusFixer;
  msal: MsalErrorNames;
}

/** Fixers and MSAL names as domain.md gives them. */
const FACTS: Record<ClientStatusCode, { fixer: ClientStatusFixer; msal: MsalErrorNames }> = {
  Success: { fixer: "none", msal: {} },
  // Android MSAL has no single exception for this (domain.md lists none).
  Internal_Error: { fixer: "helpdesk", msal: { ios: "MSALErrorInternal (-50000)" } },
  Workplace_Join_Required: { fixer: "device_user", msal: { ios: "MSALErrorWorkplaceJoinRequired (-50001)" } },
  Interaction_Required: {
    fixer: "device_user",
    msal: { ios: "MSALErrorInteractionRequired (-50002)", android: "MsalUiRequiredException" },
  },
  Server_Declined_Scopes: {
    fixer: "admin",
    msal: { ios: "MSALErrorServerDeclinedScopes (-50003)", android: "MsalDeclinedScopeException" },
  },
  Server_Protection_Policies_Required: {
    fixer: "admin",
    msal: {
      ios: "MSALErrorServerProtectionPoliciesRequired (-50004)",
      android: "MsalIntuneAppProtectionPolicyRequiredException",
    },
  },
  User_Canceled: {
    fixer: "device_user",
    msal: { ios: "MSALErrorUserCanceled (-50005)", android: "MsalUserCancelException" },
  },
  // Reported by the MDM app itself: MSAL has no error for a signed-out account.
  Account_logged_out: { fixer: "device_user", msal: {} },
};

function entry(code: ClientStatusCode): ClientStatusEntry {
  return { ...FACTS[code], texts: { en: CLIENT_STATUS_TEXTS_EN[code], es: CLIENT_STATUS_TEXTS_ES[code] } };
}

export const CLIENT_STATUS_INFO: Readonly<Record<ClientStatusCode, ClientStatusEntry>> = {
  Success: entry("Success"),
  Internal_Error: entry("Internal_Error"),
  Workplace_Join_Required: entry("Workplace_Join_Required"),
  Interaction_Required: entry("Interaction_Required"),
  Server_Declined_Scopes: entry("Server_Declined_Scopes"),
  Server_Protection_Policies_Required: entry("Server_Protection_Policies_Required"),
  User_Canceled: entry("User_Canceled"),
  Account_logged_out: entry("Account_logged_out"),
};

export function clientStatusInfo(code: ClientStatusCode, locale: Locale): ClientStatusInfo {
  const { fixer, msal, texts } = CLIENT_STATUS_INFO[code];
  return { code, fixer, msal, ...texts[locale] };
}
