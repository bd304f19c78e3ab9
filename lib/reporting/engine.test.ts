import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { testDatabases } from "../db/test-databases";
import { buildDeviceEntities } from "../domain/report-payload";
import type { IntuneClient } from "../intune";
import type { RunningEmulator } from "../intune/emulator/server";
import { createEngine, type ReportingEngine } from "./engine";
import { deviceReportFromEntities } from "./message";
import { clientFor, FAST_ENGINE, seedDevices, startReportingEmulator, waitFor } from "./testing";
import { queueReport, requestResync, retireDevice } from "./triggers";

describe("message rebuilding", () => {
  it("rebuilds exactly the entities that were sent (a retried PUT is byte-identical)", () => {
    for (const managementState of ["managed", "notManaged"] as const) {
      const entities = buildDeviceEntities({
        tenantId: "5f3c1d2e-8a47-4b6e-9c1f-2d7a9e4b6c30",
        azureDeviceId: "007c8232-9489-4074-9b35-345b16f0a72d",
        userId: "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
        inventory: { name: "Ana's iPhone", platform: "IOS", manufacturer: "Apple", model: "iPhone 15", osVersion: "17.4", serialNumber: "S1", ownerUpn: "ana@x.example", azureDeviceId: null },
        lastCheckInAt: new Date("2026-03-10T09:15:00.000Z"),
        lastUpdateTime: new Date("2026-03-10T09:16:30.123Z"),
        complianceStatus: "compliant",
        managementState,
        unresponsive: true,
      });
      const again = buildDeviceEntities({ ...deviceReportFromEntities(entities), tenantId: "5f3c1d2e-8a47-4b6e-9c1f-2d7a9e4b6c30" });
      expect(JSON.stringify(again)).toBe(JSON.stringify(entities));
    }
  });
});

describe.each(testDatabases())("reporting engine on $name", (factory) => {
  let database: Database;
  let emulator: RunningEmulator;
  let client: IntuneClient;
  let engine: ReportingEngine | null = null;
  let ids: string[];
  const prisma = () => database.prisma;
  const start = (options: Partial<typeof FAST_ENGINE> = {}) => {
    engine = createEngine(prisma(), client, { ...FAST_ENGINE, ...options });
    engine.start();
    return engine;
  };
  const reportOf = (deviceId: string) => prisma().report.findFirstOrThrow({ where: { deviceId }, orderBy: { lastUpdateTime: "desc" } });
  const settled = (deviceId: string) => async () => ["COMPLETED", "FAILED"].includes((await reportOf(deviceId)).state);

  beforeAll(async () => {
    database = await factory.open();
    emulator = await startReportingEmulator();
    client = clientFor(emulator);
  });
  afterAll(async () => {
    await engine?.stop();
    client?.close();
    await emulator?.close();
    await database?.close();
  });
  beforeEach(async () => {
    await engine?.stop();
    engine = null;
    await emulator.setFaults({ serverError: 0, throttle: 0, drop: 0, slow: 0, failedStatus: 0 });
    await prisma().report.deleteMany();
    await prisma().device.deleteMany();
    await prisma().azureSettings.deleteMany();
    ids = await seedDevices(prisma(), 4, { prefix: `e${Date.now()}` });
  });

  it("sends a resync, polls it to Completed and derives the device's Azure fields", async () => {
    const id = ids[0]!;
    await requestResync(prisma(), { deviceIds: [id] }, { requestedBy: "helpdesk@contoso.example" });
    start();
    await waitFor("completion", settled(id));
    const report = await reportOf(id);
    expect(report).toMatchObject({ state: "COMPLETED", attempts: 1, httpStatus: 204, errorCode: null });
    for (const t of [report.queuedAt, report.sendingAt!, report.acceptedAt!, report.completedAt!]) expect(t).toBeInstanceOf(Date);
    expect(report.sendingAt!.getTime()).toBeLessThanOrEqual(report.acceptedAt!.getTime());
    expect(report.acceptedAt!.getTime()).toBeLessThanOrEqual(report.completedAt!.getTime());
    const sent = await emulator.inspect.message(report.messageId!);
    expect(sent?.status).toBe("Completed");
    expect((report.payload as { entities: unknown[] }).entities).toEqual(sent!.entities);
    const device = await prisma().device.findUniqueOrThrow({ where: { id } });
    expect(device).toMatchObject({ azureState: "SUCCESS", azureReportedAt: report.completedAt, azureLastErrorCode: null });
    const entra = await emulator.inspect.device(device.azureDeviceId!);
    expect(entra).toMatchObject({ isCompliant: true, isManaged: true, lastUpdateTime: report.lastUpdateTime.toISOString() });
  });

  it("retries 5xx with backoff, then gives up after the configured attempts with the device in Error", async () => {
    const id = ids[1]!;
    await emulator.forceFault("serverError", { count: 3, scope: "partner" });
    await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL"));
    start({ maxAttempts: 3 });
    await waitFor("failure", settled(id));
    const report = await reportOf(id);
    expect(report).toMatchObject({ state: "FAILED", attempts: 3, httpStatus: 503, errorCode: "ServiceUnavailable" });
    expect(report.errorDetail).toContain("gave up after 3 attempts");
    expect(await prisma().device.findUniqueOrThrow({ where: { id } })).toMatchObject({ azureState: "ERROR", azureLastErrorCode: "ServiceUnavailable" });
  });

  it("keeps a Failed status from Microsoft, with its codes", async () => {
    const id = ids[1]!;
    await emulator.forceFault("failedStatus");
    await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL"));
    start();
    await waitFor("failure", settled(id));
    expect(await reportOf(id)).toMatchObject({ state: "FAILED", errorCode: "ProcessingFailed", attempts: 1 });
  });

  it("retires: the device is sent as not managed and becomes RETIRED once Microsoft confirms", async () => {
    const id = ids[2]!;
    await prisma().$transaction((tx) => retireDevice(tx, id, { requestedBy: "admin@contoso.example" }));
    expect((await prisma().device.findUniqueOrThrow({ where: { id } })).lifecycle).toBe("RETIRE_PENDING");
    start();
    await waitFor("retire", settled(id));
    const device = await prisma().device.findUniqueOrThrow({ where: { id } });
    expect(device.lifecycle).toBe("RETIRED");
    expect(device.retiredAt).toEqual((await reportOf(id)).completedAt);
    expect(await emulator.inspect.device(device.azureDeviceId!)).toMatchObject({ isManaged: false, isCompliant: false, state: 1 });
  });

  it("sends nothing while the integration is off, and resumes the queued work when it is on again", async () => {
    await prisma().azureSettings.update({ where: { id: 1 }, data: { enabled: false } });
    await requestResync(prisma(), { deviceIds: ids }, { requestedBy: null });
    const before = (await emulator.inspect.stats()).messagesAccepted;
    start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await emulator.inspect.stats()).messagesAccepted).toBe(before);
    expect(await prisma().report.count({ where: { state: "QUEUED" } })).toBe(4);
    await prisma().azureSettings.update({ where: { id: 1 }, data: { enabled: true } });
    await waitFor("all sent", async () => (await prisma().report.count({ where: { state: "COMPLETED" } })) === 4);
  });

  it("sends an older state never after a newer one: the newer waits for the one in flight", async () => {
    const id = ids[3]!;
    await emulator.setCompletionDelay(300);
    try {
      await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL"));
      start();
      await waitFor("in flight", async () => (await reportOf(id)).state === "ACCEPTED");
      await prisma().device.update({ where: { id }, data: { osVersion: "18.0" } });
      await prisma().$transaction((tx) => queueReport(tx, id, "INVENTORY_CHANGE"));
      await waitFor("both done", async () => (await prisma().report.count({ where: { deviceId: id, state: "COMPLETED" } })) === 2);
      const rows = await prisma().report.findMany({ where: { deviceId: id }, orderBy: { lastUpdateTime: "asc" } });
      expect(rows[1]!.sendingAt!.getTime()).toBeGreaterThanOrEqual(rows[0]!.completedAt!.getTime());
      const device = await prisma().device.findUniqueOrThrow({ where: { id } });
      expect(await emulator.inspect.device(device.azureDeviceId!)).toMatchObject({ operatingSystemVersion: "18.0", lastUpdateTime: rows[1]!.lastUpdateTime.toISOString() });
    } finally {
      await emulator.setCompletionDelay(0);
    }
  });

  it("engines running at once see each other and each paces at its share; a stopped one leaves", async () => {
    const leaseMs = 600; // heartbeats every 200 ms
    const first = createEngine(prisma(), client, { ...FAST_ENGINE, leaseMs });
    const second = createEngine(prisma(), client, { ...FAST_ENGINE, leaseMs });
    first.start();
    second.start();
    try {
      await waitFor("two engines", async () => first.stats().engines === 2 && second.stats().engines === 2, 10_000);
      expect(await prisma().reportingEngine.count()).toBe(2);
      await second.stop();
      expect(await prisma().reportingEngine.count()).toBe(1);
      await waitFor("alone again", async () => first.stats().engines === 1, 10_000);
    } finally {
      await first.stop();
      await second.stop();
    }
    expect(await prisma().reportingEngine.count()).toBe(0);
  });
});
