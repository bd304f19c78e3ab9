import { describe, expect, it } from "vitest";
import { EnvError, microsoftMode, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database, ./data and 500 demo devices", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe("./data");
    expect(env.DEMO_DEVICES).toBe(500);
    expect(microsoftMode(env)).toBe("emulated");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", DEMO_DEVICES: "" }).DEMO_DEVICES).toBe(500);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(() => parseEnv({ DEMO_DEVICES: "lots" })).toThrow(/DEMO_DEVICES/);
    expect(() => parseEnv({ AZURE_TENANT_ID: "not-a-guid" })).toThrow(EnvError);
  });

  it("requires the three Azure variables together", () => {
    expect(() => parseEnv({ AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000001" })).toThrow(/go together/);
    const env = parseEnv({
      AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000001",
      AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
      AZURE_CLIENT_SECRET: "s3cret",
    });
    expect(microsoftMode(env)).toBe("configured");
  });

  it("never prints the client secret in its error", () => {
    try {
      parseEnv({ AZURE_CLIENT_SECRET: "very-secret-value", AZURE_CLIENT_ID: "bad" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("very-secret-value");
    }
  });
});
