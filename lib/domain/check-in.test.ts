import { describe, expect, it } from "vitest";
import { checkInSchema, fieldProblems } from "./check-in";

const valid = {
  checkInId: "5b0b7e3c-93a4-4a36-8d3b-0f6c1f0a7d11",
  inventory: {
    name: "Ana's iPhone",
    manufacturer: "Apple",
    model: "iPhone 15 Pro",
    osVersion: "18.1.1",
    serialNumber: "F2LXK0ABCD12",
    ownerUpn: "ana.garcia@contoso.example",
  },
  compliance: { passcodeSet: true, encrypted: true, jailbroken: false, installedApps: ["com.microsoft.azureauthenticator"] },
  azure: { deviceId: "007c8232-9489-4074-9b35-345b16f0a72d", clientStatusCode: "Success" },
};

function problems(body: unknown) {
  const result = checkInSchema.safeParse(body);
  return result.success ? [] : fieldProblems(result.error);
}

describe("check-in body", () => {
  it("accepts a complete check-in, and a blank Azure device ID", () => {
    expect(problems(valid)).toEqual([]);
    expect(problems({ ...valid, azure: { deviceId: null, clientStatusCode: "User_Canceled" } })).toEqual([]);
  });

  it("names the field and the problem", () => {
    expect(problems({ ...valid, azure: { deviceId: "not-a-guid", clientStatusCode: "Success" } })).toEqual([
      { field: "azure.deviceId", problem: expect.stringContaining("GUID") },
    ]);
    expect(problems({ ...valid, azure: { deviceId: null, clientStatusCode: "Canceled" } })[0]?.field).toBe("azure.clientStatusCode");
    expect(problems({ ...valid, compliance: { ...valid.compliance, encrypted: "yes" } })[0]?.field).toBe("compliance.encrypted");
    expect(problems({ ...valid, inventory: { ...valid.inventory, ownerUpn: "ana" } })[0]?.field).toBe("inventory.ownerUpn");
  });

  it("refuses unknown fields, naming them", () => {
    expect(problems({ ...valid, admin: true })).toEqual([{ field: "admin", problem: "unknown field" }]);
    expect(problems({ ...valid, azure: { ...valid.azure, isCompliant: true } })).toEqual([{ field: "azure.isCompliant", problem: "unknown field" }]);
  });

  it("refuses missing parts and hostile strings", () => {
    expect(problems({ ...valid, compliance: undefined })[0]?.field).toBe("compliance");
    expect(problems({ ...valid, inventory: { ...valid.inventory, name: "x".repeat(10_000) } })[0]?.field).toBe("inventory.name");
    expect(problems({ ...valid, compliance: { ...valid.compliance, installedApps: ["<script>alert(1)</script>"] } })[0]?.field).toBe("compliance.installedApps.0");
    expect(problems({ ...valid, inventory: { ...valid.inventory, osVersion: "18'; DROP TABLE" } })[0]?.field).toBe("inventory.osVersion");
    expect(problems(null)[0]?.field).toBe("(body)");
  });

  it("refuses control characters and unpaired surrogates in text (PostgreSQL cannot store NUL)", () => {
    for (const name of ["Ana\u0000s iPhone", "Ana\u0007", "a\nb", "x\uD800y", "x\u009By"]) {
      expect(problems({ ...valid, inventory: { ...valid.inventory, name } }), JSON.stringify(name)).toEqual([{ field: "inventory.name", problem: expect.stringContaining("control characters") }]);
    }
    // Surrounding whitespace is trimmed, emoji and accents are fine.
    expect(problems({ ...valid, inventory: { ...valid.inventory, name: "  Ana's iPhone 🍏 — ñandú \t" } })).toEqual([]);
    expect(checkInSchema.parse({ ...valid, inventory: { ...valid.inventory, name: " Ana " } }).inventory.name).toBe("Ana");
  });
});
