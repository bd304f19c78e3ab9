import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevices } from "../reporting/testing";
import type { Database } from "./client";
import { testDatabases } from "./test-databases";
import { failedDevices, reportStatesPerDay, skippedCodesPerDay, stuckDevices } from "./triage";

const NOW = new Date("2026-03-10T12:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() - n * 60_000);

describe.each(testDatabases())("triage queries on $name", (factory) => {
  let database: Database;
  let ids: string[];

  beforeAll(async () => {
    database = await factory.open();
    ids = await seedDevices(database.prisma, 5, { withoutAzureId: 2, prefix: "triage" });
    const report = (deviceId: string, state: "QUEUED" | "SENDING" | "ACCEPTED" | "COMPLETED" | "FAILED" | "SKIPPED" | "SUPERSEDED", queuedAt: Date, errorCode: string | null = null) => ({
      deviceId,
      trigger: "WEEKLY" as const,
      state,
      complianceStatus: "compliant" as const,
      payload: {},
      lastUpdateTime: queuedAt,
      queuedAt,
      errorCode,
    });
    await database.prisma.report.createMany({
      data: [
        report(ids[0]!, "SKIPPED", minutes(60 * 24 * 2), "User_Canceled"),
        report(ids[0]!, "SKIPPED", minutes(60 * 24 * 2 - 5), "User_Canceled"), // same device, same day: counted once
        report(ids[1]!, "SKIPPED", minutes(60 * 24 * 2), null),
        report(ids[2]!, "COMPLETED", minutes(60 * 24 * 2)),
        report(ids[2]!, "SUPERSEDED", minutes(60 * 24 * 2)),
        report(ids[3]!, "SENDING", minutes(20)),
        report(ids[4]!, "FAILED", minutes(60 * 24 * 40)), // older than the window
      ],
    });
    await database.prisma.device.update({ where: { id: ids[3]! }, data: { azureState: "IN_PROGRESS" } });
    await database.prisma.device.update({ where: { id: ids[4]! }, data: { azureState: "ERROR", azureLastErrorCode: "InvalidDeviceId" } });
    await database.prisma.device.update({ where: { id: ids[0]! }, data: { azureState: "ERROR", azureLastErrorCode: "User_Canceled" } });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("lists devices stuck in progress for over 15 minutes, with their report", async () => {
    const stuck = await stuckDevices(database.prisma, 10, NOW);
    expect(stuck.total).toBe(1);
    expect(stuck.items[0]).toMatchObject({ id: ids[3], report: { state: "SENDING", queuedAt: minutes(20) } });
    expect((await stuckDevices(database.prisma, 10, minutes(10))).total).toBe(0);
  });

  it("lists devices whose last report failed: Error with an Azure device ID only", async () => {
    const failed = await failedDevices(database.prisma, 10, NOW);
    expect(failed.total).toBe(1);
    expect(failed.items[0]).toMatchObject({ id: ids[4], azureLastErrorCode: "InvalidDeviceId" });
  });

  it("counts reports per UTC day by state, without superseded ones, inside the window", async () => {
    const rows = await reportStatesPerDay(database.prisma, new Date("2026-02-09T00:00:00Z"));
    const byKey = Object.fromEntries(rows.map((r) => [`${r.day} ${r.key}`, r.count]));
    expect(byKey).toEqual({ "2026-03-08 SKIPPED": 3, "2026-03-08 COMPLETED": 1, "2026-03-10 SENDING": 1 });
  });

  it("counts skipped devices per UTC day by the client status code they had", async () => {
    const rows = await skippedCodesPerDay(database.prisma, new Date("2026-02-09T00:00:00Z"));
    expect(rows.sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual([
      { day: "2026-03-08", key: "User_Canceled", count: 1 },
      { day: "2026-03-08", key: "none", count: 1 },
    ]);
  });
});
