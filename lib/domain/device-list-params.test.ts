import { describe, expect, it } from "vitest";
import { deviceListHref, hasFilters, parseDeviceListParams } from "./device-list-params";

describe("device list params", () => {
  it("defaults", () => {
    expect(parseDeviceListParams({})).toEqual({ page: 1, size: 50, sort: "name", dir: "asc" });
  });

  it("reads filters, sort and page from the URL", () => {
    const p = parseDeviceListParams({ page: "3", size: "100", sort: "reportTime", dir: "desc", clientStatus: "User_Canceled", platform: "IOS", q: " ana ", noAzureId: "1" });
    expect(p).toMatchObject({ page: 3, size: 100, sort: "reportTime", dir: "desc", clientStatus: "User_Canceled", platform: "IOS", q: "ana", noAzureId: "1" });
    expect(hasFilters(p)).toBe(true);
  });

  it("drops values that do not parse instead of failing the page", () => {
    const p = parseDeviceListParams({ page: "-4", size: "7", sort: "DROP TABLE", clientStatus: "Bogus", q: "" });
    expect(p).toEqual({ page: 1, size: 50, sort: "name", dir: "asc" });
    expect(hasFilters(p)).toBe(false);
  });

  it("takes the first of repeated values", () => {
    expect(parseDeviceListParams({ platform: ["ANDROID", "IOS"] }).platform).toBe("ANDROID");
  });

  it("builds short URLs that parse back to the same state", () => {
    const p = parseDeviceListParams({ clientStatus: "none", sort: "lastCheckIn", dir: "desc" });
    const href = deviceListHref(p, { page: 2 });
    expect(href).toBe("/devices?page=2&sort=lastCheckIn&dir=desc&clientStatus=none");
    const back = parseDeviceListParams(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(back).toEqual({ ...p, page: 2 });
    expect(deviceListHref(parseDeviceListParams({}))).toBe("/devices");
  });
});
