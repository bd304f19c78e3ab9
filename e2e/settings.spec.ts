import { expect, test } from "@playwright/test";
import { storageStateOf } from "./roles";

test.use({ storageState: storageStateOf("ADMIN") });

test("test connection against the emulator shows each step", async ({ page }) => {
  await page.goto("/settings");
  await page.getByRole("button", { name: "Test connection" }).click();
  const steps = page.getByRole("list", { name: "Test connection" });
  await expect(steps.locator("[data-step=token]")).toHaveAttribute("data-outcome", "ok");
  await expect(steps.locator("[data-step=discovery]")).toHaveAttribute("data-outcome", "ok");
  await expect(steps.locator("[data-step=provisioning]")).toHaveAttribute("data-outcome", "ok");
  await expect(steps.locator("[data-step=provisioning]")).toContainText("Provisioned: 1");
  await page.screenshot({ path: "test-results/screenshots/settings-test-ok.png", fullPage: true });
});

test("a failing tenant shows Microsoft's ErrorDetail verbatim", async ({ page }) => {
  const detail = "Tenant 5f3c1d2e is not licensed for partner compliance (AADSTS-E2E-4711).";
  await page.goto("/settings");
  const emulator = page.getByRole("form", { name: "Emulator controls" });
  await emulator.getByLabel(/Provisioning ErrorDetail/).fill(detail);
  await emulator.getByRole("button", { name: "Apply to the emulator" }).click();
  await expect(emulator.getByRole("status")).toHaveText("Emulator updated.");

  await page.getByRole("button", { name: "Test connection" }).click();
  const provisioning = page.getByRole("list", { name: "Test connection" }).locator("[data-step=provisioning]");
  await expect(provisioning).toHaveAttribute("data-outcome", "failed");
  await expect(provisioning).toContainText(detail);
  await expect(provisioning).toContainText("NotProvisioned");

  await page.getByRole("button", { name: "Provision tenant", exact: true }).click();
  const status = page.getByRole("form", { name: "Provision tenant", exact: true }).getByRole("status");
  await expect(status).toContainText(detail);
  await page.screenshot({ path: "test-results/screenshots/settings-test-failed.png", fullPage: true });

  // Back to a healthy emulator for the other tests.
  await emulator.getByLabel(/Provisioning ErrorDetail/).fill("");
  await emulator.getByRole("button", { name: "Apply to the emulator" }).click();
  await expect(emulator.getByRole("status")).toHaveText("Emulator updated.");
});

test("a schedule change is validated, saved and recorded in the audit trail", async ({ page }) => {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Schedule" });
  await form.getByLabel("Time zone").fill("Mars/Olympus");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByRole("status")).toContainText("Unknown time zone.");

  await form.getByLabel("Day").selectOption({ label: "Wednesday" });
  await form.getByLabel("Time (HH:MM, 24 h)").fill("03:30");
  await form.getByLabel("Time zone").fill("Europe/Madrid");
  await form.getByRole("button", { name: "Save schedule" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByText("Every Wednesday at 03:30 (Europe/Madrid)")).toBeVisible();

  await page.goto("/audit?action=settings.schedule.update");
  const row = page.getByRole("table").getByRole("row").nth(1);
  await expect(row).toContainText("settings.schedule.update");
  await expect(row).toContainText("admin@contoso.example");
  await expect(row).toContainText('"weeklyTimeZone":"Europe/Madrid"');
  await expect(row).toContainText('"weeklyTimeZone":"UTC"');
  await page.screenshot({ path: "test-results/screenshots/audit-schedule.png", fullPage: true });

  const csv = await page.request.get("/api/audit/export?action=settings.schedule.update");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text).toContain("settings.schedule.update");
  expect(text.split("\r\n")[0]).toBe("\uFEFFat,actorEmail,actorRole,action,targetType,targetId,before,after,traceId,ip");
});

test("the health panel and the weekly schedule's next run are shown", async ({ page }) => {
  await page.goto("/settings");
  const health = page.getByTestId("health");
  await expect(health).toContainText("Queue depth");
  await expect(health).toContainText("Throttled (HTTP 429) in the last 24 h");
  await expect(page.getByText("Next run")).toBeVisible();
  await expect(page.getByRole("button", { name: "Run now" })).toBeEnabled();
});

test("the settings page speaks Spanish too", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES", storageState: storageStateOf("ADMIN") });
  const page = await context.newPage();
  await page.goto("/settings");
  await expect(page.getByRole("button", { name: "Probar la conexión" })).toBeVisible();
  await expect(page.getByText("Estado del envío de informes")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/settings-es.png", fullPage: true });
  await context.close();
});
