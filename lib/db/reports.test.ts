import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDevices } from "../reporting/testing";
import { queueReport } from "../reporting/triggers";
import type { Database } from "./client";
import { claimDueReports, releaseReport } from "./reports";
import { testDatabases } from "./test-databases";

/**
 * The outbox's ordering rule: a device has at most one report waiting in the queue, and an
 * older report of a device is never sent after (or alongside) a newer one.
 */
describe.each(testDatabases())("report queue ordering on $name", (factory) => {
  let database: Database;
  let deviceId: string;
  const owner = "engine-ordering-test";
  const prisma = () => database.prisma;
  const claim = () => claimDueReports(prisma(), owner, 50, new Date(Date.now() + 1000), new Date(Date.now() + 60_000));
  const states = async () =>
    (await prisma().report.findMany({ where: { deviceId }, orderBy: { lastUpdateTime: "asc" }, select: { id: true, state: true } })).map((r) => [r.id, r.state]);
  const queuedCount = () => prisma().report.count({ where: { deviceId, state: "QUEUED" } });

  beforeAll(async () => {
    database = await factory.open();
  });
  afterAll(async () => database?.close());
  beforeEach(async () => {
    await prisma().report.deleteMany();
    await prisma().device.deleteMany();
    [deviceId] = (await seedDevices(prisma(), 1, { prefix: `order${Date.now()}` })) as [string];
  });

  it("supersedes a report given back to the queue when a newer one of its device waits, so one claim cannot take both", async () => {
    const older = (await queueReport(prisma(), deviceId, "MANUAL", { requestedBy: "test" })).reportIds.get(deviceId)!;
    expect(await claim()).toEqual([older]);
    // While the older one is in flight, the device's state changes: a newer report is queued.
    const newer = (await queueReport(prisma(), deviceId, "INVENTORY_CHANGE")).reportIds.get(deviceId)!;
    // The older PUT fails with a retryable error: it goes back, but the newer one carries the newest state.
    expect(await releaseReport(prisma(), older, owner, { state: "QUEUED", nextAttemptAt: new Date(), httpStatus: 503, errorCode: "ServiceUnavailable", errorDetail: "try later" })).toBe(true);
    expect(await states()).toEqual([
      [older, "SUPERSEDED"],
      [newer, "QUEUED"],
    ]);
    const superseded = await prisma().report.findUniqueOrThrow({ where: { id: older } });
    expect(superseded).toMatchObject({ leaseOwner: null, errorCode: "ServiceUnavailable", httpStatus: 503 });
    expect(superseded.supersededAt).toBeInstanceOf(Date);
    expect(await claim()).toEqual([newer]);
  });

  it("gives a report back to the queue when nothing newer of its device waits", async () => {
    const only = (await queueReport(prisma(), deviceId, "MANUAL", { requestedBy: "test" })).reportIds.get(deviceId)!;
    expect(await claim()).toEqual([only]);
    expect(await releaseReport(prisma(), only, owner, { state: "QUEUED", nextAttemptAt: new Date() })).toBe(true);
    expect(await states()).toEqual([[only, "QUEUED"]]);
    expect(await claim()).toEqual([only]);
  });

  it("does not touch a report another engine holds now", async () => {
    const only = (await queueReport(prisma(), deviceId, "MANUAL", { requestedBy: "test" })).reportIds.get(deviceId)!;
    expect(await claim()).toEqual([only]);
    expect(await releaseReport(prisma(), only, "another-engine", { state: "QUEUED", nextAttemptAt: new Date() })).toBe(false);
    expect(await states()).toEqual([[only, "SENDING"]]);
  });

  it("never leaves two queued reports of a device when a give-back and a new report race", async () => {
    for (let round = 0; round < 15; round++) {
      await prisma().report.deleteMany();
      const older = (await queueReport(prisma(), deviceId, "MANUAL", { requestedBy: "test" })).reportIds.get(deviceId)!;
      expect(await claim()).toEqual([older]);
      await Promise.all([
        releaseReport(prisma(), older, owner, { state: "QUEUED", nextAttemptAt: new Date() }),
        prisma().$transaction((tx) => queueReport(tx, deviceId, "INVENTORY_CHANGE")),
      ]);
      expect(await queuedCount()).toBe(1);
      // Whichever came first, the report left waiting is the newest one.
      const waiting = await prisma().report.findFirstOrThrow({ where: { deviceId, state: "QUEUED" } });
      const newest = await prisma().report.findFirstOrThrow({ where: { deviceId }, orderBy: { lastUpdateTime: "desc" } });
      expect(waiting.id).toBe(newest.id);
    }
  });
});
