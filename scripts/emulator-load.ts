// `npm run emulator:load`: how many DataUploadMessages per second the Intune emulator
// accepts on this machine, and how fast the product's own client sends them.
//   raw        bare HTTPS PUTs (prebuilt body, one token), --raw-connections sockets: the emulator's capacity
//   client x1  IntuneClient.uploadDeviceReport, 1 connection, 1 request at a time
//   client x16 the same with 16 connections and 16 requests in flight
// Faults off, throttling off (the default budgets would cap writes at 10/s). The emulator runs
// as its own process (scripts/emulator.ts) so that it and this generator each get a core.
// Options: --seconds N (per phase, default 10), --raw-connections N (default 32),
// --url URL --ca FILE (use an emulator already running, e.g. with INTUNE_EMULATOR_THROTTLING=off).
// Loopback only; every phase stops after its duration.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { buildDataUploadMessage, buildDeviceEntities } from "../lib/domain/report-payload";
import { createIntuneClient } from "../lib/intune/client";
import { emulatedConnection, EMULATOR_TENANT_ID } from "../lib/intune/config";
import { remoteEmulator } from "../lib/intune/emulator/inspection";
import { createTransport } from "../lib/intune/http";
import { urls } from "../lib/intune/protocol";
import { sampleReport, SAMPLE_UPN } from "../lib/intune/testing";
import { createTokenProvider } from "../lib/intune/tokens";

const { values: args } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, "raw-connections": { type: "string", default: "32" }, url: { type: "string" }, ca: { type: "string" } },
});
const seconds = Number(args.seconds);
const rawConnections = Number(args["raw-connections"]);

async function startChild(): Promise<{ url: string; caPem: string; stop: () => Promise<void> }> {
  const dataDir = path.join(os.tmpdir(), "intune-emulator-load");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "emulator.ts")], {
    env: { ...process.env, DATA_DIR: dataDir, INTUNE_EMULATOR_PORT: "0", INTUNE_EMULATOR_THROTTLING: "off", INTUNE_EMULATOR_FAULTS: "", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited (${code})`)));
    readline.createInterface({ input: child.stdout! }).once("line", resolve);
  });
  const { url, caFile } = JSON.parse(line) as { url: string; caFile: string };
  const stop = () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM")));
  return { url, caPem: fs.readFileSync(caFile, "utf8"), stop };
}

/** Runs `workers` loops of `task` for `seconds` after a 1 s warm-up; returns successes per second. */
async function measure(workers: number, task: () => Promise<boolean>) {
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
  return { perSecond: Math.round(ok / elapsed), accepted: ok, failed, seconds: Number(elapsed.toFixed(2)) };
}

const target = args.url ? { url: args.url, caPem: fs.readFileSync(args.ca!, "utf8"), stop: async () => {} } : await startChild();
const control = remoteEmulator(target.url, target.caPem);
const connection = emulatedConnection(target);
const results: Record<string, unknown> = {};
try {
  // Raw: one real MSAL token, then bare PUTs of a prebuilt (valid) body.
  const tokenTransport = createTransport({ caPem: target.caPem });
  const token = await createTokenProvider(connection, tokenTransport).getToken("intune");
  tokenTransport.close();
  const setup = createIntuneClient(connection);
  const userId = await setup.resolveUserId(SAMPLE_UPN);
  const base = (await setup.endpoints()).deviceService;
  setup.close();
  const entities = buildDeviceEntities({ ...sampleReport({ userId }), tenantId: EMULATOR_TENANT_ID });
  const body = JSON.stringify(buildDataUploadMessage({ tenantId: EMULATOR_TENANT_ID, uploadTime: new Date(), entities }));
  const agent = new https.Agent({ keepAlive: true, maxSockets: rawConnections, ca: target.caPem });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  const rawPut = () =>
    new Promise<boolean>((resolve) => {
      const req = https.request(urls.message(base, randomUUID()), { method: "PUT", agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 204));
      });
      req.on("error", () => resolve(false));
      req.end(body);
    });
  await control.reset();
  results.raw = { connections: rawConnections, ...(await measure(rawConnections, rawPut)) };
  agent.destroy();

  for (const n of [1, 16]) {
    await control.reset();
    const client = createIntuneClient(emulatedConnection(target, { connections: n }));
    await client.endpoints();
    const report = sampleReport({ userId: await client.resolveUserId(SAMPLE_UPN) });
    results[`client x${n}`] = { connections: n, ...(await measure(n, async () => (await client.uploadDeviceReport({ devices: [report] }), true))) };
    client.close();
  }
  const stats = await control.stats();
  results.emulatorCheck = { messagesAcceptedLastPhase: stats.messagesAccepted, rejected: stats.messagesRejected, throttled: stats.throttled };
} finally {
  control.close();
  await target.stop();
}

console.log(JSON.stringify({ node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, secondsPerPhase: seconds, results }, null, 2));
