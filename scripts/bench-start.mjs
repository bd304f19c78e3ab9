// `npm run bench:start`: how long the product takes to build and to serve its first page.
// Measures `next build`, then `npm start` on a fresh data directory (database creation,
// migrations, demo fleet, emulator) and again on the same directory (a restart), each
// until GET /devices answers 200, and the size of node_modules. Prints a table and writes
// bench/results/start.json.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.BENCH_PORT ?? 3350);
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");

function timeBuild() {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (run.status !== 0) throw new Error("next build failed");
  return performance.now() - t0;
}

async function timeFirstPage(dataDir) {
  const t0 = performance.now();
  const server = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "silent", DATABASE_URL: "" },
    detached: true,
  });
  try {
    for (;;) {
      if (performance.now() - t0 > 300_000) throw new Error("no page after 5 minutes");
      try {
        const response = await fetch(`http://127.0.0.1:${port}/devices`);
        if (response.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-start-"));
try {
  const build = timeBuild();
  const fresh = await timeFirstPage(dataDir);
  const restart = await timeFirstPage(dataDir);
  const modulesBytes = Number(execFileSync("du", ["-sb", path.join(root, "node_modules")], { encoding: "utf8" }).split("\t")[0]);
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    buildSeconds: +(build / 1000).toFixed(1),
    firstPageFreshSeconds: +(fresh / 1000).toFixed(1),
    firstPageRestartSeconds: +(restart / 1000).toFixed(1),
    nodeModulesMiB: Math.round(modulesBytes / 2 ** 20),
    demoDevices: Number(process.env.DEMO_DEVICES ?? 500),
  };
  console.table({
    "next build (s)": result.buildSeconds,
    "npm start -> first page, new data dir (s)": result.firstPageFreshSeconds,
    "npm start -> first page, restart (s)": result.firstPageRestartSeconds,
    "node_modules (MiB)": result.nodeModulesMiB,
  });
  fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench", "results", "start.json"), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
