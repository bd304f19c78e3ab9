import { describe, expect, it } from "vitest";
import type { DeviceInventory } from "./inventory";
import { buildDataUploadMessage, buildDeviceEntities, type DeviceEntitiesInput } from "./report-payload";

const TENANT = "11111111-2222-3333-4444-555555555555";
const DEVICE = "007c8232-9489-4074-9b35-345b16f0a72d";
const USER = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

const INVENTORY: DeviceInventory = {
  name: "Ana's iPhone",
  platform: "IOS",
  manufacturer: "Apple",
  model: "iPhone 15",
  osVersion: "17.4.1",
  serialNumber: "F2LXK0ABCD12",
  ownerUpn: "ana@contoso.com",
  azureDeviceId: DEVICE,
  udid: "00008120-001A2B3C4D5E6F70",
  imei: "356789101234567",
};

function input(overrides: Partial<DeviceEntitiesInput> = {}): DeviceEntitiesInput {
  return {
    tenantId: TENANT,
    azureDeviceId: DEVICE,
    userId: USER,
    inventory: INVENTORY,
    lastCheckInAt: new Date("2026-03-10T09:15:00.000Z"),
    lastUpdateTime: new Date("2026-03-10T09:16:30.123Z"),
    complianceStatus: "compliant",
    managementState: "managed",
    ...overrides,
  };
}

describe("buildDeviceEntities", () => {
  it("builds the inventory and compliance entities of a managed device", () => {
    expect(buildDeviceEntities(input())).toEqual([
      {
        EntityType: 1,
        TenantId: TENANT,
        DeviceId: DEVICE,
        DeviceName: "Ana's iPhone",
        UserId: USER,
        DeviceManagementState: "managed",
        LastCheckInTime: "2026-03-10T09:15:00.000Z",
        LastUpdateTime: "2026-03-10T09:16:30.123Z",
        Os: "iOS",
        OsVersion: "17.4.1",
        EasIds: [],
        State: 0,
        SerialNumber: "F2LXK0ABCD12",
        Model: "iPhone 15",
        Vendor: "Apple",
        UPN: "ana@contoso.com",
      },
      {
        EntityType: 4,
        TenantId: TENANT,
        DeviceId: DEVICE,
        UserId: USER,
        LastUpdateTime: "2026-03-10T09:16:30.123Z",
        complianceStatus: "compliant",
      },
    ]);
  });

  it("sends notCompliant as given", () => {
    expect(buildDeviceEntities(input({ complianceStatus: "notCompliant" }))[1].complianceStatus).toBe("notCompliant");
  });

  it("names Android as Microsoft spells it", () => {
    const [inventory] = buildDeviceEntities(input({ inventory: { ...INVENTORY, platform: "ANDROID", manufacturer: "Samsung" } }));
    expect(inventory).toMatchObject({ Os: "Android", Vendor: "Samsung" });
  });

  it("retire: notManaged, State 1 and notCompliant even when the device was compliant", () => {
    const [inventory, compliance] = buildDeviceEntities(
      input({ managementState: "notManaged", complianceStatus: "compliant", unresponsive: true }),
    );
    expect(inventory).toMatchObject({ DeviceManagementState: "notManaged", State: 1 });
    expect(compliance.complianceStatus).toBe("notCompliant");
  });

  it("unresponsive managed device: State 2", () => {
    expect(buildDeviceEntities(input({ unresponsive: true }))[0].State).toBe(2);
    expect(buildDeviceEntities(input({ unresponsive: false }))[0].State).toBe(0);
  });

  it("uses the given Azure device ID, never the inventory's", () => {
    const other = "99999999-9489-4074-9b35-345b16f0a72d";
    const [inventory, compliance] = buildDeviceEntities(input({ azureDeviceId: other }));
    expect(inventory.DeviceId).toBe(other);
    expect(compliance.DeviceId).toBe(other);
  });

  it("sends neither UDID nor IMEI", () => {
    const json = JSON.stringify(buildDeviceEntities(input()));
    expect(json).not.toContain(INVENTORY.udid);
    expect(json).not.toContain(INVENTORY.imei);
  });

  it("refuses an invalid date instead of sending garbage", () => {
    expect(() => buildDeviceEntities(input({ lastUpdateTime: new Date("nope") }))).toThrow(RangeError);
  });
});

describe("buildDataUploadMessage", () => {
  it("wraps the entities as a JSON string in Content", () => {
    const entities = buildDeviceEntities(input());
    const body = buildDataUploadMessage({ tenantId: TENANT, uploadTime: new Date("2026-03-10T09:17:00.000Z"), entities });
    expect(body.TenantId).toBe(TENANT);
    expect(body.UploadTime).toBe("2026-03-10T09:17:00.000Z");
    expect(typeof body.Content).toBe("string");
    expect(JSON.parse(body.Content)).toEqual(entities);
  });
});
