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
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { createIntuneClient } from "../lib/intune/client";
import { emulatedConnection } from "../lib/intune/config";
import { remoteEmulator } from "../lib/intune/emulator/inspection";
import { sampleReport, SAMPLE_UPN } from "../lib/intune/testing";
import { measureRate, rawPutCapacity, startEmulatorProcess } from "./lib/emulator-bench";

const { values: args } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, "raw-connections": { type: "string", default: "32" }, url: { type: "string" }, ca: { type: "string" } },
});
const seconds = Number(args.seconds);
const rawConnections = Number(args["raw-connections"]);

const target = args.url ? { url: args.url, caPem: fs.readFileSync(args.ca!, "utf8"), stop: async () => {} } : await startEmulatorProcess({ INTUNE_EMULATOR_COMPLETION_DELAY_MS: "2000" });
const control = remoteEmulator(target.url, target.caPem);
const results: Record<string, unknown> = {};
try {
  await control.reset();
  results.raw = { connections: rawConnections, ...(await rawPutCapacity(target, { connections: rawConnections, seconds })) };

  for (const n of [1, 16]) {
    await control.reset();
    const client = createIntuneClient(emulatedConnection(target, { connections: n }));
    await client.endpoints();
    const report = sampleReport({ userId: await client.resolveUserId(SAMPLE_UPN) });
    results[`client x${n}`] = { connections: n, ...(await measureRate(n, seconds, async () => (await client.uploadDeviceReport({ devices: [report] }), true))) };
    client.close();
  }
  const stats = await control.stats();
  results.emulatorCheck = { messagesAcceptedLastPhase: stats.messagesAccepted, rejected: stats.messagesRejected, throttled: stats.throttled };
} finally {
  control.close();
  await target.stop();
}

console.log(JSON.stringify({ node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, secondsPerPhase: seconds, results }, null, 2));
