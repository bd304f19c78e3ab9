import { expect, test } from "@playwright/test";
import { CLIENT_STATUS_CODES } from "../lib/domain/types";
import { storageStateOf } from "./roles";

/** Triage for helpdesk: one row per client status code, the stuck and failed lists with their retry, and the charts. */
test.use({ storageState: storageStateOf("HELPDESK") });

test("one row per client status code, each linking to the filtered device list", async ({ page }) => {
  await page.goto("/triage");
  const table = page.getByRole("table", { name: "Triage by Azure client status code" });
  await expect(table.locator("tbody tr")).toHaveCount(CLIENT_STATUS_CODES.length);
  for (const code of CLIENT_STATUS_CODES) await expect(table.locator("tbody tr").filter({ hasText: code }).first()).toBeVisible();
  const link = page.getByRole("link", { name: /Show devices: User_Canceled$/ });
  const count = Number(/^\d+/.exec(await link.innerText())![0]);
  await link.click();
  // Triage counts active devices: the list it opens is filtered the same way.
  await expect(page).toHaveURL(/\/devices\?clientStatus=User_Canceled&lifecycle=ACTIVE$/);
  await expect(page.getByTestId("device-count")).toHaveText(`${count} devices`);
  for (const row of await page.getByRole("table").locator("tbody tr").all()) await expect(row).toContainText("User_Canceled");
});

test("devices whose last report failed: listed with Microsoft's code, linked to the list, retried in bulk", async ({ page }) => {
  await page.goto("/triage");
  const card = page.getByRole("region", { name: "Last report failed" });
  const total = Number(await card.getByTestId("failed-count").innerText());
  expect(total).toBeGreaterThan(0);
  await expect(card.locator("[data-error-code]").first()).toBeVisible();
  await card.getByRole("link", { name: `Show all ${total} in the device list` }).click();
  await expect(page).toHaveURL(/\/devices\?failed=1$/);
  await expect(page.getByTestId("device-count")).toHaveText(`${total} devices`);

  await page.goto("/triage");
  const retry = page.getByRole("region", { name: "Last report failed" }).getByRole("form", { name: /^Retry all \d+$/ });
  await retry.getByText(`Retry all ${total}`).click();
  await expect(retry).toContainText(`Resync all ${total} devices of this list?`);
  await retry.getByRole("button", { name: "Yes, resync" }).click();
  await expect(retry.getByRole("status")).toContainText(/^Resync: [1-9]\d* queued/);
});

test("stuck devices have their own list; the charts say what they count", async ({ page }) => {
  await page.goto("/triage");
  const stuck = page.getByRole("region", { name: "Stuck in progress for over 15 min" });
  await expect(stuck).toBeVisible();
  const total = Number(await stuck.getByTestId("stuck-count").innerText());
  if (total === 0) await expect(stuck).toContainText("No device is stuck.");
  else await expect(stuck.getByRole("link", { name: `Show all ${total} in the device list` })).toBeVisible();

  const states = page.getByTestId("chart-states");
  await expect(states.getByRole("img", { name: "Reports per day, by state (last 30 days)" })).toBeVisible();
  await expect(states).toContainText("Superseded reports (replaced by a newer one before they were sent) are left out.");
  await expect(states.locator("rect").first()).toBeVisible();
  await states.getByText("The numbers behind the chart").click();
  await expect(states.getByRole("table").locator("tbody tr").first()).toBeVisible();
  await expect(states.getByRole("table")).toContainText("COMPLETED");

  const codes = page.getByTestId("chart-codes");
  await expect(codes.getByRole("img", { name: "Devices not sent per day, by client status code (last 30 days)" })).toBeVisible();
  await expect(codes).toContainText("User_Canceled");
  await page.screenshot({ path: "test-results/screenshots/triage-charts.png", fullPage: true });
});

test("a viewer sees triage without the retry buttons", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf("VIEWER") });
  const page = await context.newPage();
  await page.goto("/triage");
  await expect(page.getByRole("heading", { name: "Triage by Azure client status code" })).toBeVisible();
  await expect(page.getByText(/^Retry all/)).toHaveCount(0);
  await context.close();
});

test("triage speaks Spanish", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES", storageState: storageStateOf("HELPDESK") });
  const page = await context.newPage();
  await page.goto("/triage");
  await expect(page.getByRole("heading", { name: "Falló el último informe" })).toBeVisible();
  await expect(page.getByText("Informes por día, por estado (últimos 30 días)")).toBeVisible();
  await context.close();
});
