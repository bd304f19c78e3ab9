import type { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeviceListParams } from "../domain/device-list-params";
import type { Database } from "./client";
import { AZURE_COMPLIANCE_STATES, CLIENT_STATUS_CODES, LIFECYCLES, PLATFORMS, VERDICTS } from "../domain/types";
import { deviceWhere } from "./device-filter-reference";
import { countByClientStatus, countDevices, deviceListCounts, devicePagesById, listDevices, matchingDeviceIds } from "./devices";
import { testDatabases } from "./test-databases";

const base = {
  manufacturer: "Apple",
  model: "iPhone 15",
  osVersion: "18.1",
  enrolledAt: new Date("2025-01-01T00:00:00Z"),
  passcodeSet: true,
  encrypted: true,
  jailbroken: false,
  installedApps: [],
  inventoryFingerprint: "x",
} satisfies Partial<Prisma.DeviceCreateManyInput>;

const devices: Prisma.DeviceCreateManyInput[] = [
  { ...base, name: "Ana's iPhone", platform: "IOS", serialNumber: "SER-A", ownerUpn: "ana@contoso.example", lastCheckInAt: new Date("2026-11-01T00:00:00Z"), azureDeviceId: "007c8232-9489-4074-9b35-345b16f0a72d", clientStatusCode: "Success", azureState: "SUCCESS", azureReportedAt: new Date("2026-11-02T00:00:00Z") },
  { ...base, name: "Bob's Pixel", platform: "ANDROID", manufacturer: "Google", serialNumber: "SER-B", ownerUpn: "bob@contoso.example", lastCheckInAt: new Date("2026-11-03T00:00:00Z"), clientStatusCode: "User_Canceled", azureState: "ERROR" },
  { ...base, name: "Carla's Galaxy", platform: "ANDROID", manufacturer: "Samsung", serialNumber: "R58N-C", ownerUpn: "carla@contoso.example", lastCheckInAt: new Date("2026-10-01T00:00:00Z"), clientStatusCode: "Workplace_Join_Required", verdict: "NOT_COMPLIANT" },
  { ...base, name: "Dan's iPad", platform: "IOS", serialNumber: "SER-D", ownerUpn: "dan@contoso.example", lastCheckInAt: new Date("2026-11-04T00:00:00Z"), lifecycle: "RETIRED" },
];

describe.each(testDatabases())("device list queries on $name", (factory) => {
  let database: Database;
  beforeAll(async () => {
    database = await factory.open();
    await database.prisma.device.createMany({ data: devices });
  });
  afterAll(async () => {
    await database?.close();
  });

  const names = async (search: Record<string, string>) =>
    (await listDevices(database.prisma, parseDeviceListParams(search))).rows.map((d) => d.name);

  it("filters by each field and counts the matches", async () => {
    expect(await names({ platform: "ANDROID" })).toEqual(["Bob's Pixel", "Carla's Galaxy"]);
    expect(await names({ clientStatus: "User_Canceled" })).toEqual(["Bob's Pixel"]);
    expect(await names({ clientStatus: "none" })).toEqual(["Dan's iPad"]);
    expect(await names({ azureState: "none" })).toEqual(["Carla's Galaxy", "Dan's iPad"]);
    expect(await names({ verdict: "NOT_COMPLIANT" })).toEqual(["Carla's Galaxy"]);
    expect(await names({ lifecycle: "RETIRED" })).toEqual(["Dan's iPad"]);
    expect(await names({ noAzureId: "1" })).toHaveLength(3);
    const { total } = await listDevices(database.prisma, parseDeviceListParams({ platform: "IOS" }));
    expect(total).toBe(2);
  });

  it("searches name, owner, serial and Azure device ID, case-insensitively", async () => {
    expect(await names({ q: "pixel" })).toEqual(["Bob's Pixel"]);
    expect(await names({ q: "CARLA@" })).toEqual(["Carla's Galaxy"]);
    expect(await names({ q: "r58n" })).toEqual(["Carla's Galaxy"]);
    expect(await names({ q: "007C8232-9489-4074-9B35-345B16F0A72D" })).toEqual(["Ana's iPhone"]);
    expect(await names({ q: "'; DROP TABLE \"Device\"; --" })).toEqual([]);
    // LIKE's wildcards typed in the search box match themselves.
    expect(await names({ q: "%" })).toEqual([]);
    expect(await names({ q: "s_r" })).toEqual([]);
    expect(await names({ q: "ser-" })).toHaveLength(3);
  });

  it("sorts with blanks last and pages without overlap", async () => {
    const byReportTime = await names({ sort: "reportTime", dir: "desc" });
    expect(byReportTime[0]).toBe("Ana's iPhone"); // the only one reported; blanks after it
    expect(byReportTime).toHaveLength(4);
    expect((await names({ sort: "reportTime", dir: "asc" }))[0]).toBe("Ana's iPhone");
    expect(await names({ sort: "lastCheckIn", dir: "asc" })).toEqual(["Carla's Galaxy", "Ana's iPhone", "Bob's Pixel", "Dan's iPad"]);
    const page1 = await names({ size: "25", sort: "owner" });
    expect(page1[0]).toBe("Ana's iPhone");
    expect(await names({ page: "2" })).toEqual([]);
  });

  it("counts active devices per client status code", async () => {
    const counts = await countByClientStatus(database.prisma);
    expect(counts.get("Success")).toBe(1);
    expect(counts.get("User_Canceled")).toBe(1);
    expect(counts.get(null)).toBeUndefined(); // the only device with no code is retired
  });

  it("filters by stale reports, stuck reports and failed last reports, relative to one instant", async () => {
    const now = new Date("2026-11-10T00:00:00Z");
    const count = (search: Record<string, string>) => countDevices(database.prisma, parseDeviceListParams(search), now);
    // Ana was reported 8 days before; the others never were, and were enrolled long before.
    expect(await count({ stale: "1" })).toBe(4);
    const ana = await database.prisma.device.findFirstOrThrow({ where: { name: "Ana's iPhone" } });
    await database.prisma.device.update({ where: { id: ana.id }, data: { azureReportedAt: new Date("2026-11-05T00:00:00Z"), azureState: "IN_PROGRESS" } });
    expect(await count({ stale: "1" })).toBe(3);
    expect(await count({ stuck: "1" })).toBe(0);
    const report = { deviceId: ana.id, trigger: "MANUAL" as const, complianceStatus: "compliant" as const, payload: {}, lastUpdateTime: now };
    await database.prisma.report.create({ data: { ...report, state: "ACCEPTED", queuedAt: new Date(now.getTime() - 10 * 60_000) } });
    expect(await count({ stuck: "1" })).toBe(0); // in progress for 10 minutes: not stuck yet
    await database.prisma.report.create({ data: { ...report, state: "SENDING", queuedAt: new Date(now.getTime() - 20 * 60_000), lastUpdateTime: new Date(now.getTime() + 1) } });
    expect(await count({ stuck: "1" })).toBe(1);
    // Failed: Error with an Azure device ID (Bob's Error is a device without one: not a failed send).
    expect(await count({ failed: "1" })).toBe(0);
    await database.prisma.device.update({ where: { id: ana.id }, data: { azureState: "ERROR" } });
    expect(await count({ failed: "1" })).toBe(1);
    await database.prisma.report.deleteMany({ where: { deviceId: ana.id } });
    await database.prisma.device.update({ where: { id: ana.id }, data: { azureReportedAt: new Date("2026-11-02T00:00:00Z"), azureState: "SUCCESS" } });
  });

  it("selects the same devices as the Prisma reference for every filter value", async () => {
    const now = new Date("2026-11-10T00:00:00Z");
    const ana = await database.prisma.device.findFirstOrThrow({ where: { name: "Ana's iPhone" } });
    await database.prisma.device.update({ where: { id: ana.id }, data: { azureState: "IN_PROGRESS" } });
    const report = { deviceId: ana.id, trigger: "MANUAL" as const, complianceStatus: "compliant" as const, payload: {} };
    await database.prisma.report.create({ data: { ...report, state: "QUEUED", queuedAt: new Date(now.getTime() - 30 * 60_000), lastUpdateTime: now } });
    const searches: Record<string, string>[] = [
      {},
      ...PLATFORMS.map((platform) => ({ platform })),
      ...[...CLIENT_STATUS_CODES, "none"].map((clientStatus) => ({ clientStatus })),
      ...[...AZURE_COMPLIANCE_STATES, "none"].map((azureState) => ({ azureState })),
      ...VERDICTS.map((verdict) => ({ verdict })),
      ...LIFECYCLES.map((lifecycle) => ({ lifecycle })),
      { noAzureId: "1" },
      { stale: "1" },
      { stuck: "1" },
      { failed: "1" },
      { q: "ser-" },
      { q: "CONTOSO" },
      { q: "007c8232-9489-4074-9b35-345b16f0a72d" },
      { q: "%" },
      { q: "_" },
      { platform: "IOS", noAzureId: "1", q: "a" },
      { azureState: "ERROR", failed: "1" },
    ];
    let nonEmpty = 0;
    for (const search of searches) {
      const p = parseDeviceListParams(search);
      const sql = await matchingDeviceIds(database.prisma, p, { take: 100, now });
      const reference = (await database.prisma.device.findMany({ where: deviceWhere(p, now), select: { id: true }, orderBy: { id: "asc" } })).map((d) => d.id);
      expect({ search, ids: sql }).toEqual({ search, ids: reference });
      expect(await countDevices(database.prisma, p, now)).toBe(reference.length);
      if (reference.length > 0 && reference.length < devices.length) nonEmpty++;
    }
    // The fixture makes most filters pick some devices and leave others.
    expect(nonEmpty).toBeGreaterThanOrEqual(15);
    await database.prisma.report.deleteMany({ where: { deviceId: ana.id } });
    await database.prisma.device.update({ where: { id: ana.id }, data: { azureState: "SUCCESS" } });
  });

  it("counts each filter option under the other filters", async () => {
    const counts = await deviceListCounts(database.prisma, parseDeviceListParams({ platform: "ANDROID" }));
    expect(counts.total).toBe(2);
    expect(counts.counts.platform).toEqual({ IOS: 2, ANDROID: 2 });
    expect(counts.counts.clientStatus).toEqual({ User_Canceled: 1, Workplace_Join_Required: 1 });
    expect(counts.toggles.noAzureId).toBe(2);
    const withToggle = await deviceListCounts(database.prisma, parseDeviceListParams({ noAzureId: "1", q: "a" }));
    expect(withToggle.total).toBe((await listDevices(database.prisma, parseDeviceListParams({ noAzureId: "1", q: "a" }))).total);
    expect(withToggle.toggles.noAzureId).toBe(withToggle.total);
  });

  it("pages through every match by id, for the export", async () => {
    const pages: string[][] = [];
    for await (const page of devicePagesById(database.prisma, parseDeviceListParams({}), 3)) pages.push(page.map((d) => d.id));
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    const ids = pages.flat();
    expect([...ids].sort()).toEqual(ids);
    const ios: string[] = [];
    for await (const page of devicePagesById(database.prisma, parseDeviceListParams({ platform: "IOS" }), 1)) ios.push(...page.map((d) => d.name));
    expect(ios.sort()).toEqual(["Ana's iPhone", "Dan's iPad"]);
  });
});
