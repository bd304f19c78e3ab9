import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, defineConfig } from "@playwright/test";

/**
 * Chromium: Playwright's own build when installed, else the system's (Debian package
 * `chromium`), since `npx playwright install` downloads a browser and fails offline.
 */
function chromiumPath(): string | undefined {
  const own = chromium.executablePath();
  if (own && fs.existsSync(own)) return undefined; // Playwright finds it itself
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    "No Chromium for the browser tests: install Debian's package (`apt-get install chromium`), " +
      "run `npx playwright install chromium` where downloads are allowed, or set CHROMIUM_PATH.",
  );
}

const port = Number(process.env.E2E_PORT ?? 3100);
// Each run starts on a fresh embedded database with a small demo fleet.
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "e2e-data-"));
process.env.E2E_DATA_DIR = dataDir; // workers re-read this config: keep one directory

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    // Signs the demo users in once (e2e/auth.setup.ts); specs pick a role's session with storageState.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { browserName: "chromium" } },
    { name: "chromium", dependencies: ["setup"], use: { browserName: "chromium" } },
  ],
  webServer: {
    // The app must be built first (`npm test` does it): this serves the production build.
    command: `node node_modules/next/dist/bin/next start --port ${port} --hostname 127.0.0.1`,
    url: `http://127.0.0.1:${port}/signin`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // CHECKIN_RATE_PER_MINUTE: the hostile-request sample (e2e/device-api.spec.ts) must reach validation, not stop at 429.
    env: { DATA_DIR: dataDir, DEMO_DEVICES: "120", DATABASE_URL: "", LOG_LEVEL: "warn", AZURE_TENANT_ID: "", AZURE_CLIENT_ID: "", AZURE_CLIENT_SECRET: "", CHECKIN_RATE_PER_MINUTE: "100000" },
  },
});
