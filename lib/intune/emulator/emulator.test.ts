import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntuneError } from "../errors";
import { sampleReport, SAMPLE_DEVICE_ID, SAMPLE_UPN, startTestEmulator, testClient, type TestClient, type TestEmulator } from "../testing";
import { remoteEmulator } from "./inspection";
import { startEmulator } from "./server";

const USER = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";

async function withEmulator(options: Parameters<typeof startTestEmulator>[0], run: (e: TestEmulator, c: TestClient) => Promise<void>) {
  const emulator = await startTestEmulator(options);
  const client = testClient(emulator);
  try {
    await run(emulator, client);
  } finally {
    client.close();
    await emulator.close();
  }
}

describe("the emulator", () => {
  it("throttles writes per app per tenant with 429 and a Retry-After that lets the next window through", () =>
    withEmulator({ budgets: { appTenantWrites: { limit: 3, windowMs: 60_000 } } }, async (emulator, client) => {
      const send = () => client.uploadDeviceReport({ devices: [sampleReport({ userId: USER })] });
      for (let i = 0; i < 3; i++) await send();
      const error = await send().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntuneError);
      const e = error as IntuneError;
      expect(e).toMatchObject({ kind: "retryable", httpStatus: 429, code: "TooManyRequests" });
      expect(e.retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect(e.retryAfterMs).toBeLessThanOrEqual(60_000);
      await expect(client.resolveUserId(SAMPLE_UPN)).resolves.toBeTruthy(); // reads are not writes
      emulator.advance(e.retryAfterMs!);
      await expect(send()).resolves.toHaveProperty("messageId");
    }));

  it("orders by LastUpdateTime: an older state arriving later is ignored", () =>
    withEmulator({}, async (emulator, client) => {
      const newer = await client.uploadDeviceReport({
        devices: [sampleReport({ userId: USER, complianceStatus: "notCompliant", lastUpdateTime: new Date("2026-03-10T10:00:00Z") })],
      });
      emulator.advance(5_000);
      const older = await client.uploadDeviceReport({
        devices: [sampleReport({ userId: USER, complianceStatus: "compliant", lastUpdateTime: new Date("2026-03-10T09:00:00Z") })],
      });
      emulator.advance(10_000);
      expect((await client.getMessageStatus(newer.messageId)).outcome).toBe("completed");
      expect((await client.getMessageStatus(older.messageId)).outcome).toBe("completed");
      expect(await client.lookupDevice(SAMPLE_DEVICE_ID)).toMatchObject({ isCompliant: false });
      expect(await emulator.inspect.message(older.messageId)).toMatchObject({ ignoredDeviceIds: [SAMPLE_DEVICE_ID] });
      expect(await emulator.inspect.device(SAMPLE_DEVICE_ID)).toMatchObject({ lastUpdateTime: "2026-03-10T10:00:00.000Z", lastMessageId: newer.messageId });
    }));

  it("injects a seeded share of 5xx, each classified retryable, and counts them", () =>
    withEmulator({ faults: { serverError: 0.3, seed: 5 } }, async (emulator, client) => {
      await emulator.setFaults({ serverError: 0 });
      await client.endpoints(); // discovery outside the measured share
      await emulator.setFaults({ serverError: 0.3 });
      const results = [];
      for (let i = 0; i < 40; i++) {
        results.push(await client.uploadDeviceReport({ devices: [sampleReport({ userId: USER })] }).then(() => "ok", (e: IntuneError) => `${e.kind}:${e.httpStatus}`));
      }
      const failed = results.filter((r) => r !== "ok");
      expect(new Set(failed)).toEqual(new Set(["retryable:503"]));
      const stats = await emulator.inspect.stats();
      // Failed partner calls drop the discovery cache; rediscovery's Graph calls draw from the same share.
      expect(stats.faultsInjected.serverError).toBeGreaterThanOrEqual(failed.length);
      expect(stats.messagesAccepted).toBe(40 - failed.length);
      expect(failed.length).toBeGreaterThan(0);
    }));

  it("offers its inspection and control API over HTTP for other processes", () =>
    withEmulator({ completionDelayMs: 0 }, async (emulator, client) => {
      const remote = remoteEmulator(emulator.url, emulator.caPem);
      try {
        const { messageId } = await client.uploadDeviceReport({ devices: [sampleReport({ userId: USER })] });
        expect((await remote.messages())[0]).toMatchObject({ messageId, status: "Completed" });
        expect(await remote.message(messageId)).toMatchObject({ messageId });
        expect(await remote.devices({ deviceId: SAMPLE_DEVICE_ID })).toHaveLength(1);
        expect(await remote.device(SAMPLE_DEVICE_ID)).toMatchObject({ isCompliant: true, isManaged: true });
        expect(await remote.device("11111111-1111-4111-8111-111111111111")).toBeNull();
        expect((await remote.stats()).messagesAccepted).toBe(1);

        await remote.forceFault("serverError", { scope: "partner" });
        await expect(client.uploadDeviceReport({ devices: [sampleReport({ userId: USER })] })).rejects.toMatchObject({ httpStatus: 503 });
        await remote.setProvisioningError("Not licensed");
        await expect(client.provisionTenant({ enrollmentUrl: "https://a.example/e", remediationUrl: "https://a.example/r" })).rejects.toMatchObject({ detail: "Not licensed" });
        await remote.setFaults({ serverError: 1 });
        expect((await remote.stats()).faults.serverError).toBe(1);
        await expect(remote.setFaults({ serverError: 2 })).rejects.toThrow(/HTTP 400/);
        await remote.reset();
        expect(await remote.messages()).toEqual([]);
      } finally {
        remote.close();
      }
    }));
});

describe("the emulator's TLS identity", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-emulator-tls-"));
  let caPem: string;
  beforeAll(async () => {
    const first = await startEmulator({ dataDir: dir });
    caPem = first.caPem;
    await first.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is generated once, kept in the data directory, and reused on restart", async () => {
    expect(fs.existsSync(path.join(dir, "tls", "ca.pem"))).toBe(true);
    expect((fs.statSync(path.join(dir, "tls", "server-key.pem")).mode & 0o077)).toBe(0);
    const second = await startEmulator({ dataDir: dir });
    const client = testClient({ url: second.url, caPem });
    try {
      expect(second.caPem).toBe(caPem);
      await expect(client.resolveUserId(SAMPLE_UPN)).resolves.toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      client.close();
      await second.close();
    }
  });

  it("is trusted only by agents given its CA: another CA fails as a permanent TLS error", async () => {
    const emulator = await startTestEmulator(); // another data directory, another CA
    const client = testClient({ url: emulator.url, caPem });
    try {
      const error = await client.resolveUserId(SAMPLE_UPN).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "permanent", httpStatus: null, operation: "acquireToken" });
    } finally {
      client.close();
      await emulator.close();
    }
  });
});
