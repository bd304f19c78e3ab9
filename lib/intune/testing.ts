/**
 * Test helpers for lib/intune (not a test file itself): an emulator in a temporary data
 * directory with a clock the test moves, a client for it that records every URL it
 * calls, and a sample device report. Everything goes over real HTTPS with real MSAL.
 */
import os from "node:os";
import path from "node:path";
import type { DeviceInventory } from "../domain/inventory";
import { createIntuneClient, type DeviceReport, type IntuneClient } from "./client";
import { emulatedConnection } from "./config";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "./emulator/server";

/** One TLS identity for the whole test run: generating RSA keys per test file would only add time. */
export const TEST_DATA_DIR = path.join(os.tmpdir(), "intune-emulator-tests", "emulator");

export interface TestEmulator extends RunningEmulator {
  /** Moves the emulator's clock (message completion, throttling windows) forward. */
  advance(ms: number): void;
}

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  let offset = 0;
  const emulator = await startEmulator({
    dataDir: TEST_DATA_DIR,
    completionDelayMs: 10_000,
    now: () => Date.now() + offset,
    ...options,
  });
  return Object.assign(emulator, { advance: (ms: number) => void (offset += ms) });
}

export interface TestClient extends IntuneClient {
  /** Every URL the client (MSAL included) requested, in order. */
  requested: string[];
}

export function testClient(emulator: { url: string; caPem: string }, overrides: Parameters<typeof emulatedConnection>[1] = {}): TestClient {
  const requested: string[] = [];
  const client = createIntuneClient(emulatedConnection(emulator, overrides), { observe: (method, url) => requested.push(`${method} ${url}`) });
  return Object.assign(client, { requested });
}

export const SAMPLE_DEVICE_ID = "007c8232-9489-4074-9b35-345b16f0a72d";
export const SAMPLE_UPN = "ana.garcia@contoso.example";

export function sampleReport(overrides: Partial<DeviceReport> & { userId: string }): DeviceReport {
  const inventory: DeviceInventory = {
    name: "Ana's iPhone",
    platform: "IOS",
    manufacturer: "Apple",
    model: "iPhone 15",
    osVersion: "17.4.1",
    serialNumber: "F2LXK0ABCD12",
    ownerUpn: SAMPLE_UPN,
    azureDeviceId: SAMPLE_DEVICE_ID,
  };
  return {
    azureDeviceId: SAMPLE_DEVICE_ID,
    inventory,
    lastCheckInAt: new Date("2026-03-10T09:15:00.000Z"),
    lastUpdateTime: new Date("2026-03-10T09:16:30.123Z"),
    complianceStatus: "compliant",
    managementState: "managed",
    ...overrides,
  };
}
