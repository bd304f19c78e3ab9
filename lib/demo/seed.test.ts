import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client";
import { generateDemoFleet } from "./generate";
import { DEMO_SEED_ACTION, seedDemoData } from "./seed";

const NOW = new Date("2026-02-11T15:29:08.000Z");
const OPTIONS = { devices: 200, seed: 11, now: NOW };
const SLOW = 180_000;

async function counts(prisma: PrismaClient) {
  return {
    devices: await prisma.device.count(),
    evaluations: await prisma.policyEvaluation.count(),
    reports: await prisma.report.count(),
    auditEvents: await prisma.auditEvent.count(),
    users: await prisma.user.count(),
    policies: await prisma.compliancePolicy.count(),
    weeklyRuns: await prisma.weeklyRun.count(),
    settings: await prisma.azureSettings.count(),
  };
}

describe("seedDemoData", () => {
  let database: Database;
  const fleet = generateDemoFleet(OPTIONS);

  beforeAll(async () => {
    database = await openDatabase({ dataDir: null });
  }, SLOW);
  afterAll(async () => {
    await database?.close();
  });

  it(
    "inserts the whole fleet into an empty database",
    async () => {
      const result = await seedDemoData(database.prisma, OPTIONS);
      expect(result).toEqual({ seeded: true, devices: 200 });
      expect(await counts(database.prisma)).toEqual({
        devices: 200,
        evaluations: fleet.evaluations.length,
        reports: fleet.reports.length,
        auditEvents: fleet.auditEvents.length + 1, // + the demo.seed marker
        users: 3,
        policies: fleet.policies.length,
        weeklyRuns: 4,
        settings: 1,
      });
    },
    SLOW,
  );

  it("stores rows exactly as generated (dates, enums, arrays, JSON) and the weekly runs' final counts", async () => {
    const prisma = database.prisma;
    const sample = fleet.devices.filter((_, i) => i % 40 === 0);
    for (const generated of sample) {
      const stored = await prisma.device.findUniqueOrThrow({ where: { id: generated.id } });
      expect(stored).toEqual(generated);
    }
    const report = fleet.reports.find((r) => r.state === "COMPLETED")!;
    expect(await prisma.report.findUniqueOrThrow({ where: { id: report.id } })).toEqual(report);
    const runs = await prisma.weeklyRun.findMany({ orderBy: { scheduledFor: "asc" } });
    expect(runs.map((r) => [r.total, r.queued, r.skipped, r.completed, r.failed])).toEqual(
      fleet.weeklyRuns.map((r) => [r.total, r.queued, r.skipped, r.completed, r.failed]),
    );
    expect(runs.every((r) => r.state === "COMPLETED")).toBe(true);
    const settings = await prisma.azureSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(settings).toMatchObject({ enabled: true, mode: "EMULATED", weeklyDay: 0, weeklyTime: "02:00", weeklyTimeZone: "UTC" });
  });

  it(
    "adds nothing when called again, even with other options",
    async () => {
      const before = await counts(database.prisma);
      expect(await seedDemoData(database.prisma, OPTIONS)).toEqual({ seeded: false, devices: 0 });
      expect(await seedDemoData(database.prisma, { devices: 50, seed: 12, now: NOW })).toEqual({ seeded: false, devices: 0 });
      expect(await counts(database.prisma)).toEqual(before);
    },
    SLOW,
  );

  it(
    "does not refill a database that was seeded and then emptied of devices",
    async () => {
      await database.prisma.device.deleteMany({});
      expect(await seedDemoData(database.prisma, OPTIONS)).toEqual({ seeded: false, devices: 0 });
      expect(await database.prisma.device.count()).toBe(0);
      expect(await database.prisma.auditEvent.count({ where: { action: DEMO_SEED_ACTION } })).toBe(1);
    },
    SLOW,
  );
});

describe("seedDemoData: all or nothing", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: null });
  }, SLOW);
  afterAll(async () => {
    await database?.close();
  });

  /** The same client, except that inserting reports fails inside the seeding transaction. */
  function failingOnReports(prisma: PrismaClient): PrismaClient {
    return new Proxy(prisma, {
      get(target, property, receiver) {
        if (property !== "$transaction") return Reflect.get(target, property, receiver);
        return (fn: (tx: unknown) => Promise<unknown>, options: unknown) =>
          target.$transaction(
            (tx) =>
              fn(
                new Proxy(tx, {
                  get(inner, name, r) {
                    if (name === "report") return { createMany: () => Promise.reject(new Error("disk full")) };
                    return Reflect.get(inner, name, r);
                  },
                }),
              ),
            options as never,
          );
      },
    });
  }

  it(
    "leaves nothing behind when seeding fails midway, and seeds once afterwards even when called twice at once",
    async () => {
      await expect(seedDemoData(failingOnReports(database.prisma), { ...OPTIONS, devices: 60 })).rejects.toThrow("disk full");
      expect(Object.values(await counts(database.prisma)).every((n) => n === 0)).toBe(true);

      // Two seeders at once (two processes starting together): one seeds, the other sees it and stops.
      const results = await Promise.all([
        seedDemoData(database.prisma, { ...OPTIONS, devices: 60 }),
        seedDemoData(database.prisma, { ...OPTIONS, devices: 60 }),
      ]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect(await database.prisma.device.count()).toBe(60);
      expect(await database.prisma.auditEvent.count({ where: { action: DEMO_SEED_ACTION } })).toBe(1);
    },
    SLOW,
  );

  it("seeds nothing for zero devices, and works around a policy name or weekly run already taken", async () => {
    const fresh = await openDatabase({ dataDir: null });
    try {
      const prisma = fresh.prisma;
      expect(await seedDemoData(prisma, { ...OPTIONS, devices: 0 })).toEqual({ seeded: false, devices: 0 });
      expect(await prisma.auditEvent.count()).toBe(0);

      // An admin's own policy, and the scheduler's run on the empty database.
      const fleet = generateDemoFleet({ ...OPTIONS, devices: 30 });
      const lastRun = fleet.weeklyRuns.at(-1)!;
      await prisma.compliancePolicy.create({ data: { name: fleet.policies[0]!.name, rules: { noJailbreak: true }, actions: ["SEND_ALERT"] } });
      const run = await prisma.weeklyRun.create({ data: { scheduledFor: lastRun.scheduledFor, state: "COMPLETED" } });

      expect(await seedDemoData(prisma, { ...OPTIONS, devices: 30 })).toEqual({ seeded: true, devices: 30 });
      expect(await prisma.compliancePolicy.count()).toBe(fleet.policies.length + 1);
      expect(await prisma.compliancePolicy.count({ where: { name: `${fleet.policies[0]!.name} (demo)` } })).toBe(1);
      expect(await prisma.weeklyRun.count()).toBe(4);
      expect(await prisma.report.count({ where: { weeklyRunId: run.id } })).toBe(lastRun.total);
      expect(await prisma.weeklyRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ total: lastRun.total, completed: lastRun.completed });
    } finally {
      await fresh.close();
    }
  }, SLOW);
});
