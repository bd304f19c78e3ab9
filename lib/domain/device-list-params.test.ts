import { describe, expect, it } from "vitest";
import { deviceListHref, filterQuery, hasFilters, parseDeviceListParams, parseHiddenColumns } from "./device-list-params";

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

  it("reads the stale, stuck and failed checkboxes", () => {
    const p = parseDeviceListParams({ stale: "1", stuck: "1", failed: "yes" });
    expect(p).toMatchObject({ stale: "1", stuck: "1" });
    expect(p.failed).toBeUndefined();
    expect(hasFilters(parseDeviceListParams({ stuck: "1" }))).toBe(true);
  });

  it("keeps hidden columns in the URL; the name column cannot be hidden", () => {
    expect(parseHiddenColumns({ hide: "azureDeviceId,bogus,name,lastCheckIn" })).toEqual(["azureDeviceId", "lastCheckIn"]);
    expect(parseHiddenColumns({})).toEqual([]);
    // The column picker's answer: the unticked columns are hidden.
    expect(parseHiddenColumns({ columns: "1", show: ["name", "owner", "platform", "os", "clientStatus", "azureState", "reportTime"] })).toEqual(["azureDeviceId", "lastCheckIn"]);
    expect(parseHiddenColumns({ columns: "1" })).toEqual(["owner", "platform", "os", "azureDeviceId", "clientStatus", "azureState", "reportTime", "lastCheckIn"]);
    const p = parseDeviceListParams({ platform: "IOS" });
    expect(deviceListHref(p, { page: 2 }, ["owner", "os"])).toBe("/devices?page=2&platform=IOS&hide=owner%2Cos");
  });

  it("the filter query leaves out page, sort and size", () => {
    const p = parseDeviceListParams({ page: "4", sort: "os", size: "25", clientStatus: "User_Canceled", stale: "1", q: "ana" });
    expect(filterQuery(p)).toBe("q=ana&clientStatus=User_Canceled&stale=1");
    expect(filterQuery(parseDeviceListParams({}))).toBe("");
  });
});
