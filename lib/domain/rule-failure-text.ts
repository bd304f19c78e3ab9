/**
 * Words a failed compliance rule for people, in English or Spanish. RuleFailure keeps raw,
 * language-neutral values (compliance.ts); this is where they become a sentence.
 */
import type { RuleFailure, RuleName } from "./compliance";
import type { Locale, Platform } from "./types";

/** Short name of each rule, e.g. for a column header or a filter. */
export const RULE_LABELS: Record<Locale, Record<RuleName, string>> = {
  en: {
    minOsVersion: "Minimum OS version",
    passcodeRequired: "Passcode required",
    encryptionRequired: "Encryption required",
    noJailbreak: "No jailbreak or root",
    forbiddenApps: "Forbidden apps",
    maxDaysSinceCheckIn: "Maximum days since check-in",
  },
  es: {
    minOsVersion: "Versión mínima del sistema operativo",
    passcodeRequired: "Código de acceso obligatorio",
    encryptionRequired: "Cifrado obligatorio",
    noJailbreak: "Sin jailbreak ni root",
    forbiddenApps: "Aplicaciones prohibidas",
    maxDaysSinceCheckIn: "Días máximos desde el último registro",
  },
};

/** One sentence saying what was expected and what the device has. */
export function describeRuleFailure(failure: RuleFailure, platform: Platform, locale: Locale): string {
  const { expected, actual } = failure;
  const es = locale === "es";
  switch (failure.rule) {
    case "minOsVersion":
      return es
        ? `La versión del sistema operativo es ${actual}; la mínima es ${expected}.`
        : `OS version is ${actual}; the minimum is ${expected}.`;
    case "passcodeRequired":
      return es ? "El dispositivo no tiene código de acceso." : "The device has no passcode.";
    case "encryptionRequired":
      return es ? "El dispositivo no está cifrado." : "The device is not encrypted.";
    case "noJailbreak":
      if (platform === "ANDROID") return es ? "El dispositivo está rooteado." : "The device is rooted.";
      return es ? "El dispositivo tiene jailbreak." : "The device is jailbroken.";
    case "forbiddenApps":
      return es ? `Aplicaciones prohibidas instaladas: ${actual}.` : `Forbidden apps installed: ${actual}.`;
    case "maxDaysSinceCheckIn":
      return es
        ? `Último registro hace ${actual} días; el máximo es ${expected}.`
        : `Last check-in ${actual} days ago; the maximum is ${expected}.`;
  }
}
