// `npm run bench`: the whole benchmark suite, one part after another (these machines are noisy:
// never two at once), each on PGlite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a
// PostgreSQL server where it may create and drop databases, on PostgreSQL too:
//   list        the device list's query, 12 filter/sort/search combinations, vs bare SQL
//   pages       /devices and /devices/<id> over HTTP (`next start`, concurrency 10)
//   reporting   weekly run vs the emulator's raw capacity, with a throttling budget, resync
//               latency, the engine's peak memory
//   checkins    check-ins through the device API at concurrency 50 vs bare inserts
//   scaleout    weekly-run throughput with 1, 2 and 4 worker processes (PostgreSQL)
//   policies    the policy editor's impact preview and re-evaluation
// Every part prints its own table and writes its JSON under bench/results/; this script then
// prints one summary of every figure against its target and writes bench/results/bench-<time>.json.
// Options: --devices N (default 100000), --only list,pages,... , --smoke (1,000 devices and
// short windows: checks that the harness works; its figures mean nothing; a part fails when its
// JSON lacks a figure), --report FILE (writes {passed, failed} per part, for `npm test`).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { summarise, type SummaryRow } from "./lib/bench-summary";

const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, "bench", "results");

const { values: args } = parseArgs({
  options: {
    devices: { type: "string" },
    only: { type: "string" },
    smoke: { type: "boolean", default: false },
    report: { type: "string" },
  },
});
const smoke = args.smoke;
const devices = Number(args.devices ?? (smoke ? 1000 : 100_000));
if (!Number.isInteger(devices) || devices < 100) throw new Error("--devices must be an integer of at least 100");
const hasPostgres = Boolean(process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL);

interface Part {
  name: string;
  /** The JSON it writes: bench/results/<prefix>-<time>.json */
  prefix: string;
  script: string;
  args: string[];
  needsPostgres?: boolean;
}

const n = String(devices);
const PARTS: Part[] = [
  { name: "list", prefix: "list", script: "bench-list.ts", args: ["--devices", n, ...(smoke ? ["--reps", "3"] : [])] },
  { name: "pages", prefix: "pages", script: "bench-pages.ts", args: ["--devices", n, ...(smoke ? ["--seconds", "2"] : [])] },
  {
    name: "reporting",
    prefix: "reporting",
    script: "bench-reporting.ts",
    args: ["--devices", n, ...(smoke ? ["--resyncs", "10", "--seconds", "1", "--throttle-seconds", "5"] : [])],
  },
  { name: "checkins", prefix: "checkins", script: "bench-checkins.ts", args: ["--fleet", n, ...(smoke ? ["--devices", "50", "--checkins", "300"] : [])] },
  { name: "scaleout", prefix: "scaleout", script: "bench-scaleout.ts", args: ["--devices", n], needsPostgres: true },
  { name: "policies", prefix: "policies", script: "bench-policies.ts", args: ["--devices", n] },
];

const only = args.only ? new Set(args.only.split(",").map((s) => s.trim())) : null;
if (only) for (const name of only) if (!PARTS.some((p) => p.name === name)) throw new Error(`--only: no part named "${name}" (${PARTS.map((p) => p.name).join(", ")})`);
const selected = PARTS.filter((p) => !only || only.has(p.name));

function newestResult(prefix: string, since: number): string | null {
  if (!fs.existsSync(resultsDir)) return null;
  const files = fs
    .readdirSync(resultsDir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith(".json"))
    .map((f) => path.join(resultsDir, f))
    .filter((f) => fs.statSync(f).mtimeMs >= since);
  files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files[0] ?? null;
}

async function ensureBuild(): Promise<void> {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.log("== next build (the pages part serves the production build)");
  await run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"]);
}

function run(command: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(argv[argv.length - 1] ?? command)} exited with ${code ?? signal}`))));
  });
}

const started = new Date();
const parts: Record<string, { file: string | null; seconds: number; error?: string; skipped?: string }> = {};
const rows: SummaryRow[] = [];
for (const part of selected) {
  if (part.needsPostgres && !hasPostgres) {
    parts[part.name] = { file: null, seconds: 0, skipped: "needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)" };
    console.log(`\n== ${part.name}: SKIPPED (${parts[part.name]!.skipped})`);
    continue;
  }
  console.log(`\n== ${part.name}: node --import tsx scripts/${part.script} ${part.args.join(" ")}`);
  const t0 = Date.now();
  try {
    if (part.name === "pages") await ensureBuild();
    await run(process.execPath, ["--import", "tsx", "--expose-gc", path.join(root, "scripts", part.script), ...part.args]);
    const file = newestResult(part.prefix, t0);
    if (!file) throw new Error(`wrote no bench/results/${part.prefix}-*.json`);
    parts[part.name] = { file: path.relative(root, file), seconds: Math.round((Date.now() - t0) / 1000) };
    const partRows = summarise(part.name, JSON.parse(fs.readFileSync(file, "utf8")));
    const missing = partRows.filter((r) => r.value.startsWith("n/a")).map((r) => `${r.figure} (${r.database})`);
    if (partRows.length === 0 || missing.length) throw new Error(`${path.relative(root, file)} lacks figures: ${missing.join(", ") || "all"}`);
    rows.push(...partRows);
  } catch (error) {
    parts[part.name] = { file: null, seconds: Math.round((Date.now() - t0) / 1000), error: error instanceof Error ? error.message : String(error) };
    console.error(`${part.name} FAILED: ${parts[part.name]!.error}`);
  }
}

const output = {
  benchmark: "suite",
  at: started.toISOString(),
  devices,
  smoke,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  parts,
  summary: rows,
};
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `bench-${started.toISOString().replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

console.log(`\nSummary: ${devices} devices${smoke ? " (smoke run: checks the harness, the figures mean nothing)" : ""}; ${output.machine.cpus} CPUs, Node ${process.version}`);
const table = [["part", "figure", "database", "value", "target", "met"], ...rows.map((r) => [r.part, r.figure, r.database, r.value, r.target ?? "", r.met === undefined ? "" : r.met ? "yes" : "NO"])];
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
for (const [name, p] of Object.entries(parts)) if (p.error || p.skipped) console.log(`${name}: ${p.error ? `FAILED: ${p.error}` : `skipped: ${p.skipped}`}`);
console.log(`written to ${path.relative(process.cwd(), file)}`);
if (args.report) {
  const failed = Object.entries(parts).filter(([, p]) => p.error).map(([name]) => name);
  const passed = Object.entries(parts).filter(([, p]) => !p.error && !p.skipped).map(([name]) => name);
  const skipped = Object.entries(parts).filter(([, p]) => p.skipped).map(([name]) => name);
  fs.writeFileSync(args.report, `${JSON.stringify({ passed, failed, skipped }, null, 2)}\n`);
}
process.exit(Object.values(parts).some((p) => p.error) ? 1 : 0);
