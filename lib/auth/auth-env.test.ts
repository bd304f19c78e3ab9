import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";

describe("sign-in environment", () => {
  it("has working defaults: no secret (one is generated), local users only", () => {
    const e = parseEnv({});
    expect(e.AUTH_SECRET).toBeUndefined();
    expect(e.AUTH_SESSION_HOURS).toBe(8);
    expect(e.AUTH_ENTRA_ID_CLIENT_ID).toBeUndefined();
  });
  it("refuses a short secret, naming the variable", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
  });
  it("wants the three Entra ID variables together", () => {
    expect(() => parseEnv({ AUTH_ENTRA_ID_CLIENT_ID: "x" })).toThrow(/AUTH_ENTRA_ID_CLIENT_ID: .*go together/);
    expect(parseEnv({ AUTH_ENTRA_ID_TENANT_ID: "t", AUTH_ENTRA_ID_CLIENT_ID: "c", AUTH_ENTRA_ID_CLIENT_SECRET: "s" }).AUTH_ENTRA_ID_ROLE_CLAIM).toBe("roles");
  });
  it("checks the role map's shape", () => {
    expect(() => parseEnv({ AUTH_ENTRA_ID_ROLE_MAP: "OWNER=abc" })).toThrow(/AUTH_ENTRA_ID_ROLE_MAP/);
    expect(parseEnv({ AUTH_ENTRA_ID_ROLE_MAP: "ADMIN=a1;HELPDESK=Helpdesk.Agent;VIEWER=v" }).AUTH_ENTRA_ID_ROLE_MAP).toBeDefined();
  });
});
