import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PAGES, ROUTE_HANDLERS } from "../lib/auth/routes";
import { demoUser } from "./roles";

/**
 * The Azure client secret must never reach a browser or a log. A second server runs in
 * configured mode with a known fake secret, pointed at an unreachable authority
 * (https://127.0.0.1:1), so every Microsoft call fails fast and its error paths are exercised
 * too. Checked: every built client file (.next/static; `npm test` builds with the same fake
 * secret in the environment), every page's HTML, every API answer, every action answer, and
 * every line the server logged.
 */
const SECRET_CANARY = "canary-Az-secret-7Qm2-do-not-leak";
const port = 3102;
const base = `http://127.0.0.1:${port}`;
let server: ChildProcess;
const output: string[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-leak-"));
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DEMO_DEVICES: "20",
      DATABASE_URL: "",
      LOG_LEVEL: "debug",
      AZURE_TENANT_ID: "11111111-2222-4333-8444-555555555555",
      AZURE_CLIENT_ID: "66666666-7777-4888-8999-000000000000",
      AZURE_CLIENT_SECRET: SECRET_CANARY,
      AZURE_AUTHORITY_HOST: "https://127.0.0.1:1",
      AZURE_GRAPH_HOST: "https://127.0.0.1:1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/signin`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the configured-mode server did not start:\n${output.join("")}`);
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
});

test("the client secret appears in no bundle, page, API answer, action answer or log line", async ({ browser }) => {
  test.setTimeout(120_000);
  const seen: string[] = [];
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  page.on("response", async (res) => {
    try {
      seen.push(`${res.url()}\n${JSON.stringify(res.headers())}\n${await res.text()}`);
    } catch {
      // redirects and aborted bodies have no text
    }
  });
  const admin = demoUser("ADMIN");
  await page.goto("/signin");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByText("Microsoft: configured")).toBeVisible();

  for (const entry of Object.values(PAGES)) await page.goto(entry.probe);
  for (const entry of Object.values(ROUTE_HANDLERS)) seen.push(await (await page.request.get(entry.probe)).text());

  // Every Microsoft call fails: the errors shown must not carry the secret either.
  await page.goto("/settings");
  await expect(page.getByText("Set in the environment (never shown)")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("list", { name: "Test connection" }).locator("[data-step=token]")).toHaveAttribute("data-outcome", "failed", { timeout: 60_000 });
  await page.getByRole("button", { name: "Provision tenant", exact: true }).click();
  await expect(page.getByRole("form", { name: "Provision tenant", exact: true }).getByRole("status")).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Create or find the policy and assign it" }).click();
  await expect(page.getByRole("form", { name: "Partner compliance policy" }).getByRole("status")).toBeVisible({ timeout: 60_000 });
  seen.push(await page.content());
  await page.goto("/audit");
  seen.push(await page.content());
  seen.push(await (await page.request.get("/api/audit/export")).text());
  await context.close();

  expect(seen.length).toBeGreaterThan(10);
  for (const text of seen) expect(text.includes(SECRET_CANARY), text.slice(0, 200)).toBe(false);

  const logs = output.join("");
  expect(logs).toContain("Microsoft Intune configured"); // the log was captured
  for (const line of logs.split("\n")) expect(line.includes(SECRET_CANARY), line).toBe(false);

  const staticDir = path.join(".next", "static");
  const files: string[] = [];
  const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : files.push(path.join(dir, d.name))));
  walk(staticDir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect(fs.readFileSync(file).includes(SECRET_CANARY), file).toBe(false);
});
