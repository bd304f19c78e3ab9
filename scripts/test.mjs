// `npm test`: typecheck, lint, unit and integration tests (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set), a production build, the browser tests in Chromium, and the
// benchmark suite's smoke run (1,000 devices: the harness works; no timing assertions).
// Stops at the first failing step; ends with one line of totals.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);
const results = path.join(root, "test-results");
fs.mkdirSync(results, { recursive: true });

const steps = [
  ["typecheck", [bin("typescript", "bin/tsc"), "--noEmit"]],
  ["lint", [bin("eslint", "bin/eslint.js"), ".", "--max-warnings", "0"]],
  ["unit and integration tests", [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, "vitest.json")}`]],
  // Built with a fake Azure client secret in the environment: e2e/secret-leak.spec.ts then
  // proves that value appears in no client bundle (.next/static).
  ["production build", [bin("next", "dist/bin/next"), "build"], { AZURE_TENANT_ID: "11111111-2222-4333-8444-555555555555", AZURE_CLIENT_ID: "66666666-7777-4888-8999-000000000000", AZURE_CLIENT_SECRET: "canary-Az-secret-7Qm2-do-not-leak" }],
  ["browser tests", [bin("@playwright/test", "cli.js"), "test"]],
  // The benchmark suite at 1,000 devices: every part runs and writes its figures (no timing assertions).
  ["benchmark smoke (1,000 devices)", ["--import", "tsx", path.join(root, "scripts", "bench.ts"), "--smoke", "--report", path.join(results, "bench-smoke.json")]],
];

if (process.env.TEST_DATABASE_URL) {
  console.log(`Database tests run on PGlite and on PostgreSQL (TEST_DATABASE_URL=${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, "//***@")}).`);
} else {
  console.log("NOTE: TEST_DATABASE_URL is not set: the database tests run on PGlite only; the PostgreSQL runs are SKIPPED.");
}

const started = Date.now();
for (const [name, args, extraEnv = {}] of steps) {
  console.log(`\n▶ ${name}`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`\n✖ ${name} failed (${seconds}s)`);
    summary();
    process.exit(run.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}
summary();

function summary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const vitest = readJson("vitest.json");
  if (vitest) {
    passed += vitest.numPassedTests;
    failed += vitest.numFailedTests;
    skipped += vitest.numPendingTests + vitest.numTodoTests;
  }
  const playwright = readJson("playwright.json");
  if (playwright?.stats) {
    passed += playwright.stats.expected + playwright.stats.flaky;
    failed += playwright.stats.unexpected;
    skipped += playwright.stats.skipped;
  }
  const smoke = readJson("bench-smoke.json");
  if (smoke) {
    passed += smoke.passed.length;
    failed += smoke.failed.length;
    skipped += smoke.skipped.length;
  }
  console.log(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(0)}s`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
}

function readJson(file) {
  const full = path.join(results, file);
  // Only results written by this run count.
  if (!fs.existsSync(full) || fs.statSync(full).mtimeMs < started) return null;
  return JSON.parse(fs.readFileSync(full, "utf8"));
}
