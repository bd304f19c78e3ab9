import { describe, expect, it } from "vitest";
import { parseRoleMap, roleFromClaims } from "./entra-roles";

describe("Entra ID role mapping", () => {
  const map = parseRoleMap("ADMIN=aaaa-1; HELPDESK = Helpdesk.Agent ,VIEWER=cccc-3");
  it("parses the map, case-insensitively", () => {
    expect(map.get("aaaa-1")).toBe("ADMIN");
    expect(map.get("helpdesk.agent")).toBe("HELPDESK");
  });
  it("picks the most privileged matching role", () => {
    expect(roleFromClaims(["cccc-3", "Helpdesk.Agent"], map)).toBe("HELPDESK");
    expect(roleFromClaims(["cccc-3", "AAAA-1"], map)).toBe("ADMIN");
  });
  it("refuses users with no mapped claim", () => {
    expect(roleFromClaims(["other"], map)).toBeNull();
    expect(roleFromClaims(undefined, map)).toBeNull();
  });
  it("with no map, app roles named after the roles map to them", () => {
    const defaults = parseRoleMap(undefined);
    expect(roleFromClaims(["Viewer"], defaults)).toBe("VIEWER");
    expect(roleFromClaims(["HELPDESK", "viewer"], defaults)).toBe("HELPDESK");
    expect(roleFromClaims(["Global.Reader"], defaults)).toBeNull();
  });
});
