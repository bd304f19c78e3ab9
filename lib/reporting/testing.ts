/**
 * Test helpers for lib/reporting (not a test file itself): devices created in bulk, an
 * emulator over real HTTPS in-process, a client for it, engine settings with short intervals,
 * and a wait that polls a condition (no fixed sleeps in assertions).
 */
import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "@prisma/client";
import { inventoryFingerprint } from "../domain/inventory";
import { createIntuneClient, emulatedConnection, type IntuneClient } from "../intune";
import { EMULATOR_USER_DOMAIN } from "../intune/emulator/layout";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../intune/emulator/server";
import { TEST_DATA_DIR } from "../intune/testing";
import type { EngineOptions } from "./engine";

export const FAST_ENGINE: EngineOptions = {
  concurrency: 32,
  maxAttempts: 12,
  leaseMs: 15_000,
  idleMs: 20,
  pollMs: 20,
  pollMaxMs: 200,
  inlinePollMs: 5000,
  pollTimeoutMs: 600_000,
  backoff: { baseMs: 20, maxMs: 400 },
  writesPerSecond: 100_000,
  readsPerSecond: 100_000,
  settingsMs: 0,
};

/** A deterministic uuid (v4-shaped) from a name. */
export function testUuid(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface SeedOptions {
  /** Devices whose index is below this have no Azure device ID (and report User_Canceled). */
  withoutAzureId?: number;
  prefix?: string;
}

/** Creates `count` active devices; returns their ids in index order. */
export async function seedDevices(prisma: PrismaClient, count: number, options: SeedOptions = {}): Promise<string[]> {
  const prefix = options.prefix ?? "dev";
  const rows: Prisma.DeviceCreateManyInput[] = [];
  for (let i = 0; i < count; i++) {
    const noId = i < (options.withoutAzureId ?? 0);
    const inventory = {
      name: `${prefix} ${i}`,
      platform: "IOS" as const,
      manufacturer: "Apple",
      model: "iPhone 15",
      osVersion: "17.0",
      serialNumber: `SER-${prefix}-${i}`,
      ownerUpn: `user${i % 40}@${EMULATOR_USER_DOMAIN}`,
      azureDeviceId: noId ? null : testUuid(`${prefix}-azure-${i}`),
    };
    rows.push({
      id: testUuid(`${prefix}-${i}`),
      ...inventory,
      enrolledAt: new Date("2026-01-01T00:00:00Z"),
      lastCheckInAt: new Date(Date.now() - 60_000),
      passcodeSet: true,
      encrypted: true,
      jailbroken: false,
      installedApps: [],
      clientStatusCode: noId ? "User_Canceled" : "Success",
      inventoryFingerprint: inventoryFingerprint(inventory),
    });
  }
  for (let i = 0; i < rows.length; i += 1000) await prisma.device.createMany({ data: rows.slice(i, i + 1000) });
  await prisma.azureSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  return rows.map((r) => r.id!);
}

export function startReportingEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ dataDir: TEST_DATA_DIR, completionDelayMs: 0, budgets: "off", ...options });
}

export function clientFor(emulator: { url: string; caPem: string }, connections = 32): IntuneClient {
  return createIntuneClient(emulatedConnection(emulator, { connections, timeoutMs: 10_000 }));
}

export async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 120_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
