import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiContext } from "../api/context";
import { seedDemoPolicies, testApiContext, testApiKey } from "../api/testing";
import type { Database } from "../db/client";
import { testDatabases } from "../db/test-databases";
import { createFleet, nextCheckIn } from "./fleet";
import { runSimulation } from "./run";
import { inProcessTransport } from "./transport";

describe("the simulated fleet", () => {
  it("is the same for the same seed, and tells the scenarios' stories", () => {
    expect(createFleet(20, 7).map((d) => d.inventory)).toEqual(createFleet(20, 7).map((d) => d.inventory));
    const fleet = createFleet(300, 7);
    const events = new Set<string>();
    for (const d of fleet) for (let i = 0; i < 8; i++) nextCheckIn(d).events.forEach((e) => events.add(e));
    expect([...events].sort()).toEqual(
      ["OS updated", "apps changed", "interaction required", "jailbroken", "passcode removed", "passcode set again", "sign-in finished after User_Canceled", "signed in again", "workplace joined"].sort(),
    );
    const canceled = fleet.find((d) => d.scenario === "cancelsSignIn")!;
    expect(canceled.azure).toEqual({ deviceId: expect.any(String), clientStatusCode: "Success" });
  });
});

describe.each(testDatabases())("a simulation through the API on $name", (factory) => {
  let database: Database;
  let ctx: ApiContext;
  let apiKey: string;
  beforeAll(async () => {
    database = await factory.open();
    ctx = testApiContext(database.prisma);
    apiKey = await testApiKey(database.prisma);
    await seedDemoPolicies(database.prisma);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("enrols, checks in, retries, and the database agrees with what the API answered", async () => {
    const stats = await runSimulation(inProcessTransport(ctx), apiKey, { devices: 60, rate: Infinity, checkIns: 360, concurrency: 8, seed: 11, retryShare: 0.1 });
    expect(stats.errors).toEqual([]);
    expect(stats.enrolled).toBe(60);
    expect(stats.retriesSent).toBeGreaterThan(0);
    expect([stats.retriesNotRecognised, stats.replayed]).toEqual([0, stats.retriesSent]);
    const prisma = database.prisma;
    expect(await prisma.checkIn.count()).toBe(stats.applied);
    // What the check-ins recorded is what the API answered, and each is a report row.
    const recorded: Record<string, number> = {};
    for (const row of await prisma.checkIn.findMany({ select: { triggers: true } })) for (const t of row.triggers) recorded[t] = (recorded[t] ?? 0) + 1;
    const enrolment = Object.fromEntries(Object.entries(stats.reportsQueued).filter(([k]) => k.startsWith("enrolment ")).map(([k, v]) => [k.slice("enrolment ".length), v]));
    expect(recorded).toEqual(Object.fromEntries(Object.entries(stats.reportsQueued).filter(([k]) => !k.startsWith("enrolment "))));
    for (const [trigger, n] of Object.entries(recorded)) {
      expect(await prisma.report.count({ where: { trigger: trigger as never } }), trigger).toBe(n + (enrolment[trigger] ?? 0));
    }
    expect(recorded.COMPLIANCE_CHANGE).toBeGreaterThan(0);
    expect(recorded.INVENTORY_CHANGE).toBeGreaterThan(0);
    // Users who finished signing in now have an Azure device ID; jailbroken devices are being retired.
    expect(stats.events["sign-in finished after User_Canceled"]).toBeGreaterThan(0);
    expect(await prisma.device.count({ where: { clientStatusCode: "Success", azureDeviceId: null } })).toBe(0);
    expect(await prisma.device.count({ where: { jailbroken: true, lifecycle: "ACTIVE" } })).toBe(0);
  });
});
