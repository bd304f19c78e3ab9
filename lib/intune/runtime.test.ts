import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uuidFromName } from "../demo/random";
import { parseEnv } from "../env";
import { openIntune } from "./runtime";
import { sampleReport, SAMPLE_DEVICE_ID, SAMPLE_UPN, TEST_DATA_DIR } from "./testing";

const root = path.resolve(import.meta.dirname, "../..");

describe("openIntune", () => {
  it("with nothing configured, starts the emulator in-process and returns a client for it", async () => {
    const runtime = await openIntune(parseEnv({ DATA_DIR: path.dirname(TEST_DATA_DIR), INTUNE_EMULATOR_COMPLETION_DELAY_MS: "0", DEMO_SEED: "7" }));
    try {
      expect(runtime.mode).toBe("emulated");
      expect(runtime.client.mode).toBe("emulated");
      expect(runtime.emulator).toMatchObject({ inProcess: true });
      // The same user ids the demo data was generated with.
      const userId = await runtime.client.resolveUserId(SAMPLE_UPN);
      expect(userId).toBe(uuidFromName(7, `entra-user:${SAMPLE_UPN}`));
      const { messageId } = await runtime.client.uploadDeviceReport({ devices: [sampleReport({ userId })] });
      expect((await runtime.client.getMessageStatus(messageId)).outcome).toBe("completed");
      expect(await runtime.emulator!.device(SAMPLE_DEVICE_ID)).toMatchObject({ isCompliant: true, userId });
    } finally {
      await runtime.close();
    }
  });

  it("with the Azure variables set, builds a client for real Microsoft without starting an emulator or calling out", async () => {
    const runtime = await openIntune(
      parseEnv({
        AZURE_TENANT_ID: "00000000-0000-4000-8000-000000000001",
        AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
        AZURE_CLIENT_SECRET: "s3cret",
      }),
    );
    expect(runtime.mode).toBe("configured");
    expect(runtime.emulator).toBeNull();
    expect(runtime.client.tenantId).toBe("00000000-0000-4000-8000-000000000001");
    await runtime.close();
  });
});

describe("the emulator as its own process (npm run emulator)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-emulator-proc-"));
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    child = spawn(process.execPath, ["--import", "tsx", "scripts/emulator.ts"], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, INTUNE_EMULATOR_PORT: "0", INTUNE_EMULATOR_COMPLETION_DELAY_MS: "0", LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = readline.createInterface({ input: child.stdout! });
    url = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`emulator exited early (${code})`)));
      lines.once("line", (line) => resolve(JSON.parse(line).url));
    });
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves several app processes' clients, which find its CA in the shared data directory", async () => {
    const env = parseEnv({ DATA_DIR: dataDir, INTUNE_EMULATOR_URL: url });
    const [a, b] = await Promise.all([openIntune(env), openIntune(env)]);
    try {
      expect(a.emulator).toMatchObject({ inProcess: false, url });
      const userId = await a.client.resolveUserId(SAMPLE_UPN);
      await a.client.uploadDeviceReport({ devices: [sampleReport({ userId })] });
      await b.client.uploadDeviceReport({ devices: [sampleReport({ userId, complianceStatus: "notCompliant", lastUpdateTime: new Date("2026-03-12T00:00:00Z") })] });
      expect(await b.emulator!.messages()).toHaveLength(2);
      expect(await a.emulator!.device(SAMPLE_DEVICE_ID)).toMatchObject({ isCompliant: false });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("stops on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
