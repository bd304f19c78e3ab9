import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";

test.use({ storageState: storageStateOf("ADMIN") });

test("the devices page lists the demo fleet with its Azure fields", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/devices$/);
  await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
  // The demo fleet (DEMO_DEVICES=120), plus the few devices e2e/device-api.spec.ts enrolled through the API if it ran first.
  await expect(page.getByTestId("device-count")).toHaveText(/^1[2-9]\d devices$/);
  const table = page.getByRole("table");
  for (const column of ["Azure device ID", "Azure client status code", "Azure compliance state", "Azure compliance report time"]) {
    await expect(table.getByRole("columnheader", { name: column })).toBeVisible();
  }
  await expect(table.getByRole("row")).toHaveCount(51); // header + 50 on the first page
  await expect(page.getByText("Microsoft: emulated")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/devices-en.png", fullPage: true });
});

test("filters by client status code and pages through the list, all in the URL", async ({ page }) => {
  await page.goto("/devices");
  await page.getByRole("search").getByLabel("Azure client status code").selectOption("User_Canceled");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/clientStatus=User_Canceled/);
  const rows = page.getByRole("table").getByRole("row");
  const count = await rows.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 1; i < count; i++) await expect(rows.nth(i)).toContainText("User_Canceled");

  await page.goto("/devices?size=25");
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText("Page 2 of 5")).toBeVisible();
  await page.goBack();
  await expect(page.getByText("Page 1 of 5")).toBeVisible();
});

test("switches to Spanish and back, keeping raw codes visible", async ({ page }) => {
  await page.goto("/triage");
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page.getByRole("heading", { name: "Clasificación por código de estado del cliente de Azure" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("table").first().getByText("Workplace_Join_Required", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/triage-es.png", fullPage: true });
  await page.goto("/devices");
  await expect(page.getByRole("heading", { name: "Dispositivos" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Identificador del dispositivo Azure" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/devices-es.png", fullPage: true });
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Devices" })).toBeVisible();
});

test("a browser asking for Spanish gets Spanish without choosing", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES", storageState: storageStateOf("VIEWER") });
  const page = await context.newPage();
  await page.goto("/devices");
  await expect(page.getByRole("heading", { name: "Dispositivos" })).toBeVisible();
  await context.close();
});

test("triage links each code to the filtered device list", async ({ page }) => {
  await page.goto("/triage");
  await page.getByRole("link", { name: /Show devices: Interaction_Required/ }).click();
  await expect(page).toHaveURL(/clientStatus=Interaction_Required/);
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("Interaction_Required");
});

test("settings and audit pages show stored data", async ({ page }) => {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Azure integration" })).toBeVisible();
  await expect(page.getByText(/Running now: Emulated \(built-in Intune emulator\)/)).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/settings-en.png", fullPage: true });
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();
  await expect(page.getByRole("table").getByText("device.resync").first()).toBeVisible();
});
