// A fleet simulator: enrols devices and sends realistic check-ins through the public device API.
//   npm run simulate -- --devices 200 --rate 20 --minutes 2 [--url http://localhost:3000]
//     [--api-key crk_...  (or SIMULATOR_API_KEY)] [--concurrency 20] [--seed 7] [--retries 0.02]
// The API key is created by an administrator on the Settings page. The server limits each
// device to CHECKIN_RATE_PER_MINUTE check-ins (default 12): for fast runs start the server with
// a higher value. The core is lib/simulator (also the load generator of bench:checkins).
import { parseArgs } from "node:util";
import { env } from "../lib/env";
import { runSimulation, type SimulationStats } from "../lib/simulator/run";
import { httpTransport } from "../lib/simulator/transport";

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "50" },
    rate: { type: "string", default: "5" },
    minutes: { type: "string", default: "1" },
    url: { type: "string", default: "http://localhost:3000" },
    "api-key": { type: "string" },
    concurrency: { type: "string", default: "20" },
    seed: { type: "string" },
    retries: { type: "string", default: "0.02" },
    help: { type: "boolean", default: false },
  },
});

function number(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number >= ${min} (got ${JSON.stringify(value)})`);
    process.exit(2);
  }
  return n;
}

if (values.help) {
  console.log("usage: npm run simulate -- --devices N --rate R --minutes M [--url URL] [--api-key KEY] [--concurrency C] [--seed S] [--retries SHARE]");
  process.exit(0);
}
const apiKey = values["api-key"] ?? env().SIMULATOR_API_KEY;
if (!apiKey) {
  console.error("An API key is needed: create one on the Settings page (API keys), then pass --api-key crk_... or set SIMULATOR_API_KEY.");
  process.exit(2);
}
const devices = Math.floor(number("devices", values.devices, 1));
const rate = number("rate", values.rate, 0.01);
const minutes = number("minutes", values.minutes, 0.01);
const concurrency = Math.floor(number("concurrency", values.concurrency, 1));
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Math.floor(number("seed", values.seed, 0));
const retryShare = number("retries", values.retries, 0);

const line = (s: SimulationStats) =>
  `${s.sent} check-ins (${s.ratePerSecond}/s), applied ${s.applied}, replayed ${s.replayed}, statuses ${JSON.stringify(s.byStatus)}, reports ${JSON.stringify(s.reportsQueued)}, p50 ${s.latencyMs.p50} ms, p95 ${s.latencyMs.p95} ms`;

console.log(`Simulating ${devices} devices against ${values.url}: ${rate} check-ins/s for ${minutes} min, concurrency ${concurrency}, seed ${seed}.`);
try {
  const stats = await runSimulation(httpTransport(values.url), apiKey, {
    devices,
    rate,
    durationMs: minutes * 60_000,
    concurrency,
    seed,
    retryShare,
    progressEveryMs: 10_000,
    onProgress: (s) => console.log(`  … ${line(s)}`),
  });
  console.log(`Enrolled ${stats.enrolled} devices in ${(stats.enrolMs / 1000).toFixed(1)} s (${stats.enrolFailures} refused).`);
  console.log(`Done: ${line(stats)}.`);
  console.log(`Events: ${JSON.stringify(stats.events)}; devices retired: ${stats.retired}; retries sent ${stats.retriesSent}, not recognised ${stats.retriesNotRecognised}.`);
  for (const error of stats.errors) console.log(`  unexpected: ${error}`);
  console.log(JSON.stringify({ seed, ...stats }));
  process.exit(stats.enrolFailures > 0 || stats.retriesNotRecognised > 0 || stats.errors.length > 0 ? 1 : 0);
} catch (error) {
  console.error(`Simulation failed: ${(error as Error).message}`);
  process.exit(1);
}
