import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevices } from "../reporting/testing";
import { queueReport } from "../reporting/triggers";
import type { Database } from "./client";
import { isRetryableConflict, retryOnConflict } from "./conflicts";
import { claimDueReports, extendLeases, finishReports } from "./reports";
import { testDatabases } from "./test-databases";

/** Two transactions that lock two rows in opposite orders, meeting in the middle: one is PostgreSQL's deadlock victim. */
async function crossedUpdates(database: Database, retry: boolean) {
  const { prisma } = database;
  let arrived = 0;
  let release: () => void = () => {};
  const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
  const meet = async () => {
    if (++arrived === 2) release();
    await Promise.race([bothHoldOne, new Promise((resolve) => setTimeout(resolve, 2000))]);
  };
  const side = (first: number, second: number) => {
    let tries = 0;
    const transaction = () =>
      prisma.$transaction(async (tx) => {
        tries++;
        await tx.$executeRawUnsafe(`UPDATE conflict_probe SET v = v + 1 WHERE id = ${first}`);
        if (tries === 1) await meet();
        await tx.$executeRawUnsafe(`UPDATE conflict_probe SET v = v + 1 WHERE id = ${second}`);
      });
    return retry ? retryOnConflict(transaction) : transaction();
  };
  return Promise.allSettled([side(1, 2), side(2, 1)]);
}

describe.each(testDatabases().filter((f) => f.name === "postgres"))("conflicts on $name", (factory) => {
  let database: Database;
  beforeAll(async () => {
    database = await factory.open();
    await database.prisma.$executeRawUnsafe("CREATE TABLE conflict_probe (id int PRIMARY KEY, v int NOT NULL)");
  });
  afterAll(async () => database?.close());

  it("recognises PostgreSQL's deadlock, and a retried transaction then commits both sides once", async () => {
    await database.prisma.$executeRawUnsafe("TRUNCATE conflict_probe; INSERT INTO conflict_probe VALUES (1, 0), (2, 0)");
    const plain = await crossedUpdates(database, false);
    const failures = plain.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(failures).toHaveLength(1);
    expect(isRetryableConflict(failures[0])).toBe(true);

    await database.prisma.$executeRawUnsafe("UPDATE conflict_probe SET v = 0");
    const retried = await crossedUpdates(database, true);
    expect(retried.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await database.prisma.$queryRawUnsafe("SELECT id, v FROM conflict_probe ORDER BY id")).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ]);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls++;
        await database.prisma.$executeRawUnsafe("INSERT INTO conflict_probe VALUES (1, 0), (1, 0)");
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it("renews leases without waiting for the engine's own write to the same reports (no deadlock with it)", async () => {
    const { prisma } = database;
    const [deviceId] = await seedDevices(prisma, 1, { prefix: "lease" });
    await queueReport(prisma, deviceId!, "MANUAL", { requestedBy: "test" });
    const owner = "engine-test-lease";
    const [reportId] = await claimDueReports(prisma, owner, 10, new Date(Date.now() + 1000), new Date(Date.now() + 10_000));
    expect(reportId).toBeDefined();

    // The engine ends the report in one transaction while its lease keeper renews it in another.
    let letGo: () => void = () => {};
    const holding = new Promise<void>((resolve) => (letGo = resolve));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const writer = prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT id FROM "Report" WHERE id = ${reportId}::uuid FOR UPDATE`;
      locked();
      await holding;
    });
    await isLocked;
    const kept = await Promise.race([extendLeases(prisma, owner, [reportId!], new Date(Date.now() + 20_000)), new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 5000))]);
    letGo();
    await writer;
    expect(kept).toEqual(new Set([reportId])); // still held: not renewed this time, not dropped either

    const ended = await finishReports(prisma, owner, [{ id: reportId!, state: "FAILED", at: new Date(), errorCode: "Test", errorDetail: "ended by the test" }]);
    expect(ended).toEqual(new Set([reportId]));
    expect(await extendLeases(prisma, owner, [reportId!], new Date(Date.now() + 20_000))).toEqual(new Set()); // ended: no longer held
  });
});
