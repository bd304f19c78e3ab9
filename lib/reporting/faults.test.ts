/**
 * "Done when" (issue 4), faults: with the emulator injecting 20% 5xx, 10% 429 with
 * Retry-After, 5% dropped connections and 5% slow answers, 2,000 reports across 500 devices
 * all end Completed, and Entra's final state of every device (the emulator's) equals the
 * newest state in the database. Slow answers take 300 ms here (the emulator's default 3 s
 * would only make the test longer: the client's timeout is not what is under test).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { testDatabases } from "../db/test-databases";
import type { ComplianceResult } from "../domain/compliance";
import type { IntuneClient } from "../intune";
import type { RunningEmulator } from "../intune/emulator/server";
import { createEngine } from "./engine";
import { clientFor, FAST_ENGINE, seedDevices, startReportingEmulator, waitFor } from "./testing";
import { applyEvaluation, recordInventory } from "./triggers";

const DEVICES = 500;
const result = (compliant: boolean): ComplianceResult => ({
  verdict: compliant ? "COMPLIANT" : "NOT_COMPLIANT",
  complianceStatus: compliant ? "compliant" : "notCompliant",
  winningAction: compliant ? null : "BLOCK_EMAIL",
  retire: false,
  decidedBy: [],
  policies: [],
});

describe.each(testDatabases())("2,000 reports through injected faults on $name", (factory) => {
  let database: Database;
  let emulator: RunningEmulator;
  let client: IntuneClient;

  beforeAll(async () => {
    database = await factory.open();
    emulator = await startReportingEmulator({ faults: { serverError: 0.2, throttle: 0.1, drop: 0.05, slow: 0.05, slowMs: 300, retryAfterSec: 1, seed: 4 } });
    client = clientFor(emulator, 96);
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
    await database?.close();
  });

  it("all end Completed and Entra ends with the newest state of every device", { timeout: 240_000 }, async () => {
    const prisma = database.prisma;
    const ids = await seedDevices(prisma, DEVICES, { prefix: "faults" });
    const engine = createEngine(prisma, client, { ...FAST_ENGINE, concurrency: 128, maxAttempts: 30 });
    engine.start();
    const rounds: ((id: string) => (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => Promise<unknown>)[] = [
      (id) => (tx) => recordInventoryOs(tx, id, "17.1"),
      (id) => (tx) => applyEvaluation(tx, id, result(false)),
      (id) => (tx) => recordInventoryOs(tx, id, "17.2"),
      (id) => (tx) => applyEvaluation(tx, id, result(true)),
    ];
    try {
      for (const [i, round] of rounds.entries()) {
        const t0 = Date.now();
        for (let c = 0; c < ids.length; c += 100) {
          await prisma.$transaction(async (tx) => {
            for (const id of ids.slice(c, c + 100)) await round(id)(tx);
          }, { timeout: 60_000, maxWait: 60_000 });
        }
        const t1 = Date.now();
        await waitFor(`round ${i + 1}`, async () => (await prisma.report.count({ where: { state: "COMPLETED" } })) === DEVICES * (i + 1), 200_000, 200).catch(async (error: unknown) => {
          const states = await prisma.report.groupBy({ by: ["state"], _count: { _all: true } });
          const stuck = await prisma.report.findMany({ where: { state: { notIn: ["COMPLETED", "SUPERSEDED"] } }, take: 5 });
          throw new Error(`${String(error)}; states ${JSON.stringify(states)}; engine ${JSON.stringify(engine.stats())}; e.g. ${JSON.stringify(stuck)}`);
        });
        console.log(`round ${i + 1}: queued in ${t1 - t0} ms, completed after ${Date.now() - t1} ms; ${JSON.stringify(engine.stats())}`);
      }
    } finally {
      await engine.stop();
    }

    expect(await prisma.report.groupBy({ by: ["state"], _count: { _all: true } })).toEqual([{ state: "COMPLETED", _count: { _all: 2000 } }]);
    const stats = await emulator.inspect.stats();
    expect(stats.faultsInjected.serverError + stats.faultsInjected.throttle + stats.faultsInjected.drop).toBeGreaterThan(500);
    const devices = await prisma.device.findMany({ include: { reports: { orderBy: { lastUpdateTime: "desc" }, take: 1 } } });
    const mismatches: string[] = [];
    for (const d of devices) {
      const entra = await emulator.inspect.device(d.azureDeviceId!);
      const newest = d.reports[0]!;
      const expected = { operatingSystemVersion: d.osVersion, isCompliant: d.verdict === "COMPLIANT", isManaged: true, lastUpdateTime: newest.lastUpdateTime.toISOString() };
      const actual = entra && { operatingSystemVersion: entra.operatingSystemVersion, isCompliant: entra.isCompliant, isManaged: entra.isManaged, lastUpdateTime: entra.lastUpdateTime };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${d.id}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
      expect(d.azureState).toBe("SUCCESS");
    }
    expect(mismatches).toEqual([]);
    console.log(`faults test on ${factory.name}: ${JSON.stringify(engine.stats())}; emulator injected ${JSON.stringify(stats.faultsInjected)}`);
  });
});

async function recordInventoryOs(tx: Parameters<typeof recordInventory>[0], id: string, osVersion: string) {
  const d = await tx.device.findUniqueOrThrow({ where: { id } });
  const { name, platform, manufacturer, model, serialNumber, ownerUpn, azureDeviceId } = d;
  return recordInventory(tx, id, { name, platform, manufacturer, model, osVersion, serialNumber, ownerUpn, azureDeviceId });
}
