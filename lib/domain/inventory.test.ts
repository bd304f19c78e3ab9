import { describe, expect, it } from "vitest";
import { FINGERPRINTED_FIELDS, inventoryFingerprint, type DeviceInventory } from "./inventory";

const INVENTORY: DeviceInventory = {
  name: "Ana's iPhone",
  platform: "IOS",
  manufacturer: "Apple",
  model: "iPhone 15",
  osVersion: "17.4.1",
  serialNumber: "F2LXK0ABCD12",
  ownerUpn: "ana@contoso.com",
  azureDeviceId: "007c8232-9489-4074-9b35-345b16f0a72d",
  udid: "00008120-001A2B3C4D5E6F70",
  imei: "356789101234567",
};

describe("inventoryFingerprint", () => {
  it("is a sha256 hex digest, stable across calls", () => {
    const fingerprint = inventoryFingerprint(INVENTORY);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(inventoryFingerprint({ ...INVENTORY })).toBe(fingerprint);
  });

  it("does not depend on key order", () => {
    const reversed = Object.fromEntries(Object.entries(INVENTORY).reverse()) as unknown as DeviceInventory;
    expect(Object.keys(reversed)[0]).toBe("imei");
    expect(inventoryFingerprint(reversed)).toBe(inventoryFingerprint(INVENTORY));
  });

  const changes: Array<[keyof DeviceInventory, unknown]> = [
    ["name", "Ana's new iPhone"],
    ["platform", "ANDROID"],
    ["manufacturer", "Samsung"],
    ["model", "iPhone 15 Pro"],
    ["osVersion", "17.5"],
    ["serialNumber", "OTHER"],
    ["ownerUpn", "ANA@contoso.com"],
    ["azureDeviceId", null],
    ["azureDeviceId", "107c8232-9489-4074-9b35-345b16f0a72d"],
  ];

  it.each(changes)("changes when %s changes to %j", (field, value) => {
    expect(inventoryFingerprint({ ...INVENTORY, [field]: value })).not.toBe(inventoryFingerprint(INVENTORY));
  });

  it("covers every field that is sent, and only those", () => {
    expect([...new Set(changes.map(([field]) => field))].sort()).toEqual([...FINGERPRINTED_FIELDS].sort());
  });

  it("ignores the fields not sent to Microsoft (udid, imei) and a check-in time", () => {
    const same = inventoryFingerprint(INVENTORY);
    expect(inventoryFingerprint({ ...INVENTORY, udid: null, imei: undefined })).toBe(same);
    const withoutIds: DeviceInventory = { ...INVENTORY };
    delete withoutIds.udid;
    delete withoutIds.imei;
    expect(inventoryFingerprint(withoutIds)).toBe(same);
    const withCheckIn = { ...INVENTORY, lastCheckInAt: new Date() } as DeviceInventory;
    expect(inventoryFingerprint(withCheckIn)).toBe(same);
  });

  it("does not confuse values across fields", () => {
    const a = { ...INVENTORY, model: "X", name: "Y" };
    const b = { ...INVENTORY, model: "Y", name: "X" };
    expect(inventoryFingerprint(a)).not.toBe(inventoryFingerprint(b));
  });

  it("reads a missing azureDeviceId as null", () => {
    const withNull = { ...INVENTORY, azureDeviceId: null };
    const missing: Partial<DeviceInventory> = { ...INVENTORY };
    delete missing.azureDeviceId;
    expect(inventoryFingerprint(missing as DeviceInventory)).toBe(inventoryFingerprint(withNull));
  });
});
