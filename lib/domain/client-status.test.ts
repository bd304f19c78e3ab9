import { describe, expect, it } from "vitest";
import { CLIENT_STATUS_INFO, clientStatusInfo } from "./client-status";
import { CLIENT_STATUS_CODES, LOCALES } from "./types";

const everyCodeAndLocale = CLIENT_STATUS_CODES.flatMap((code) => LOCALES.map((locale) => [code, locale] as const));

describe("client status texts", () => {
  it("covers exactly the eight codes", () => {
    expect(Object.keys(CLIENT_STATUS_INFO).sort()).toEqual([...CLIENT_STATUS_CODES].sort());
  });

  it.each(everyCodeAndLocale)("%s has complete %s texts", (code, locale) => {
    const info = clientStatusInfo(code, locale);
    expect(info.code).toBe(code);
    for (const text of [info.label, info.meaning, info.whoCanFix, ...info.userSteps]) {
      expect(text.trim().length).toBeGreaterThan(0);
    }
    expect(info.userSteps.length).toBeGreaterThan(0);
  });

  it.each(CLIENT_STATUS_CODES.map((c) => [c]))("%s differs between English and Spanish", (code) => {
    const en = clientStatusInfo(code, "en");
    const es = clientStatusInfo(code, "es");
    expect(es.meaning).not.toBe(en.meaning);
    expect(es.userSteps).toHaveLength(en.userSteps.length);
  });

  it("uses the seed's Spanish wording", () => {
    expect(clientStatusInfo("Workplace_Join_Required", "es").meaning).toContain("Es necesario registrar el dispositivo");
    expect(clientStatusInfo("Internal_Error", "es").meaning).toContain("error irrecuperable por parte del cliente");
    expect(clientStatusInfo("User_Canceled", "es").meaning).toContain("«Hecho» o «Cancelar»");
    expect(clientStatusInfo("Server_Protection_Policies_Required", "es").meaning).toContain(
      "directiva de Acceso condicional de Intune",
    );
    expect(clientStatusInfo("Server_Declined_Scopes", "es").meaning).toContain("No se concedió acceso a algunos ámbitos");
  });

  it("says who fixes each code, per domain.md", () => {
    const fixers = Object.fromEntries(CLIENT_STATUS_CODES.map((c) => [c, CLIENT_STATUS_INFO[c].fixer]));
    expect(fixers).toEqual({
      Success: "none",
      Internal_Error: "helpdesk",
      Workplace_Join_Required: "device_user",
      Interaction_Required: "device_user",
      Server_Declined_Scopes: "admin",
      Server_Protection_Policies_Required: "admin",
      User_Canceled: "device_user",
      Account_logged_out: "device_user",
    });
  });

  it("names the MSAL errors of domain.md", () => {
    expect(clientStatusInfo("Internal_Error", "en").msal).toEqual({ ios: "MSALErrorInternal (-50000)" });
    expect(CLIENT_STATUS_INFO.User_Canceled.msal).toEqual({
      ios: "MSALErrorUserCanceled (-50005)",
      android: "MsalUserCancelException",
    });
    expect(CLIENT_STATUS_INFO.Account_logged_out.msal).toEqual({});
    expect(CLIENT_STATUS_INFO.Success.msal).toEqual({});
  });

  it("tells the user where to register the device", () => {
    const steps = clientStatusInfo("Workplace_Join_Required", "en").userSteps.join(" ");
    expect(steps).toContain("Microsoft Authenticator");
    expect(steps).toContain("Device Registration");
  });
});
