import { describe, expect, it } from "vitest";
import { DEMO_TENANT_ID } from "../demo/fixtures";
import { parseEnv } from "../env";
import { configuredConnection, emulatedConnection, EMULATOR_TENANT_ID } from "./config";

const AZURE = {
  AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000001",
  AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
  AZURE_CLIENT_SECRET: "s3cret",
};

describe("connections", () => {
  it("points a configured client at Microsoft's public cloud by default", () => {
    const c = configuredConnection(parseEnv(AZURE))!;
    expect(c).toMatchObject({
      mode: "configured",
      authority: "https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001",
      graphUrl: "https://graph.microsoft.com",
    });
    // Node's own trust store and MSAL's own instance discovery: nothing emulator-specific leaks in.
    expect(c.caPem).toBeUndefined();
    expect(c.knownAuthorities).toBeUndefined();
    expect(configuredConnection(parseEnv({}))).toBeNull();
  });

  it("follows a sovereign cloud's authority and Graph hosts", () => {
    const c = configuredConnection(parseEnv({ ...AZURE, AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us/", AZURE_GRAPH_HOST: "https://graph.microsoft.us" }));
    expect(c).toMatchObject({ authority: "https://login.microsoftonline.us/00000000-0000-4000-8000-000000000001", graphScopeHost: "https://graph.microsoft.us" });
  });

  it("gives MSAL everything it needs to stay on the emulator: known authority, metadata, instance discovery", () => {
    const c = emulatedConnection({ url: "https://127.0.0.1:4443/", caPem: "PEM" });
    expect(c).toMatchObject({ mode: "emulated", tenantId: EMULATOR_TENANT_ID, authority: `https://127.0.0.1:4443/${EMULATOR_TENANT_ID}`, knownAuthorities: ["127.0.0.1:4443"], caPem: "PEM" });
    expect(JSON.parse(c.authorityMetadata!).token_endpoint).toBe(`https://127.0.0.1:4443/${EMULATOR_TENANT_ID}/oauth2/v2.0/token`);
    expect(JSON.parse(c.cloudDiscoveryMetadata!).metadata[0].aliases).toEqual(["127.0.0.1:4443"]);
  });

  it("uses the demo data's tenant in emulated mode", () => expect(EMULATOR_TENANT_ID).toBe(DEMO_TENANT_ID));

  it("validates the emulator settings in the one env module", () => {
    expect(() => parseEnv({ INTUNE_EMULATOR_URL: "http://127.0.0.1:3443" })).toThrow(/INTUNE_EMULATOR_URL/);
    expect(() => parseEnv({ INTUNE_EMULATOR_FAULTS: "lots" })).toThrow(/INTUNE_EMULATOR_FAULTS/);
    expect(parseEnv({ INTUNE_EMULATOR_FAULTS: "serverError=0.1,drop=0.01" }).INTUNE_EMULATOR_FAULTS).toBe("serverError=0.1,drop=0.01");
    expect(parseEnv({}).INTUNE_EMULATOR_THROTTLING).toBe("on");
  });
});
