// Shared by the benchmark scripts: the Intune emulator as its own process (so it and the load
// generator each get a core), a fixed-duration rate measurement, and the emulator's raw
// capacity (bare HTTPS PUTs of a prebuilt valid body, one token): the yardstick the product's
// own throughput is compared with, measured in the same run.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { buildDataUploadMessage, buildDeviceEntities } from "../../lib/domain/report-payload";
import { createIntuneClient } from "../../lib/intune/client";
import { emulatedConnection, EMULATOR_TENANT_ID } from "../../lib/intune/config";
import { createTransport } from "../../lib/intune/http";
import { urls } from "../../lib/intune/protocol";
import { sampleReport, SAMPLE_UPN } from "../../lib/intune/testing";
import { createTokenProvider } from "../../lib/intune/tokens";

export interface EmulatorProcess {
  url: string;
  caPem: string;
  caFile: string;
  /** The emulator process's id (for its CPU time and memory from /proc). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts scripts/emulator.ts (faults off, throttling off unless `env` says otherwise). */
export async function startEmulatorProcess(env: Record<string, string> = {}): Promise<EmulatorProcess> {
  const dataDir = path.join(os.tmpdir(), "intune-emulator-bench");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "..", "emulator.ts")], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      INTUNE_EMULATOR_PORT: "0",
      INTUNE_EMULATOR_THROTTLING: "off",
      INTUNE_EMULATOR_FAULTS: "",
      INTUNE_EMULATOR_COMPLETION_DELAY_MS: "0",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited (${code})`)));
    readline.createInterface({ input: child.stdout! }).once("line", resolve);
  });
  const { url, caFile } = JSON.parse(line) as { url: string; caFile: string };
  const stop = () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM")));
  return { url, caFile, caPem: fs.readFileSync(caFile, "utf8"), pid: child.pid!, stop };
}

export interface RateResult {
  perSecond: number;
  ok: number;
  failed: number;
  seconds: number;
}

/** Runs `workers` loops of `task` for `seconds` after a 1 s warm-up; counts successes per second. */
export async function measureRate(workers: number, seconds: number, task: () => Promise<boolean>): Promise<RateResult> {
  let counting = false;
  let ok = 0;
  let failed = 0;
  let stop = false;
  const loops = Array.from({ length: workers }, async () => {
    while (!stop) {
      const success = await task().catch(() => false);
      if (!counting) continue;
      if (success) ok++;
      else failed++;
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  counting = true;
  const started = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  stop = true;
  await Promise.all(loops);
  return { perSecond: Math.round(ok / elapsed), ok, failed, seconds: Number(elapsed.toFixed(2)) };
}

/** The emulator's capacity: bare PUTs of one prebuilt valid message body on `connections` sockets. */
export async function rawPutCapacity(target: { url: string; caPem: string }, options: { connections: number; seconds: number }): Promise<RateResult> {
  const connection = emulatedConnection(target);
  const tokenTransport = createTransport({ caPem: target.caPem });
  const token = await createTokenProvider(connection, tokenTransport).getToken("intune");
  tokenTransport.close();
  const setup = createIntuneClient(connection);
  const userId = await setup.resolveUserId(SAMPLE_UPN);
  const base = (await setup.endpoints()).deviceService;
  setup.close();
  const entities = buildDeviceEntities({ ...sampleReport({ userId }), tenantId: EMULATOR_TENANT_ID });
  const body = JSON.stringify(buildDataUploadMessage({ tenantId: EMULATOR_TENANT_ID, uploadTime: new Date(), entities }));
  const agent = new https.Agent({ keepAlive: true, maxSockets: options.connections, ca: target.caPem });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  const put = () =>
    new Promise<boolean>((resolve) => {
      const req = https.request(urls.message(base, randomUUID()), { method: "PUT", agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 204));
      });
      req.on("error", () => resolve(false));
      req.end(body);
    });
  try {
    return await measureRate(options.connections, options.seconds, put);
  } finally {
    agent.destroy();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
