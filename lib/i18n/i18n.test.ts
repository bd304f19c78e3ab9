import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import es from "./messages/es.json";
import { resolveLocale } from "./locale";
import { translator } from "./translate";

function keys(node: unknown, prefix = ""): string[] {
  if (typeof node === "string") return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("messages", () => {
  it("have the same keys in English and Spanish, none empty", () => {
    expect(keys(es).sort()).toEqual(keys(en).sort());
    for (const key of keys(en)) expect(translator("en")(key as never).trim(), key).not.toBe("");
    for (const key of keys(es)) expect(translator("es")(key as never).trim(), key).not.toBe("");
  });

  it("use the seed's Spanish names for the Azure fields and actions", () => {
    const t = translator("es");
    expect(t("devices.columns.azureDeviceId")).toBe("Identificador del dispositivo Azure");
    expect(t("devices.columns.azureState")).toBe("Estado de cumplimiento del dispositivo Azure");
    expect(t("devices.columns.clientStatus")).toBe("Código de estado del cliente de Azure");
    expect(t("devices.columns.reportTime")).toBe("Hora del informe de cumplimiento del dispositivo Azure");
    expect([t("azureState.IN_PROGRESS"), t("azureState.SUCCESS"), t("azureState.ERROR")]).toEqual(["En curso", "Correcto", "Error"]);
    expect(t("action.BLOCK_EMAIL")).toBe("Bloquear correo electrónico");
    expect(t("action.RETIRE")).toBe("Retirar un dispositivo");
  });

  it("fill in values with locale number formatting", () => {
    expect(translator("en")("devices.count", { count: 12345 })).toBe("12,345 devices");
    expect(translator("es")("devices.count", { count: 12345 })).toBe("12.345 dispositivos");
  });
});

describe("resolveLocale", () => {
  it("prefers the cookie", () => {
    expect(resolveLocale("es", "en-US,en;q=0.9")).toBe("es");
  });
  it("falls back to the best Accept-Language match", () => {
    expect(resolveLocale(undefined, "fr-FR,es;q=0.8,en;q=0.5")).toBe("es");
    expect(resolveLocale(undefined, "en;q=0.2, es-MX;q=0.9")).toBe("es");
    expect(resolveLocale(undefined, "de-DE")).toBe("en");
    expect(resolveLocale(undefined, null)).toBe("en");
  });
  it("ignores an unknown cookie value and languages with q=0", () => {
    expect(resolveLocale("xx", "es;q=0, en")).toBe("en");
  });
});
