import { expect, type Page } from "@playwright/test";

/** Helpers of the dashboard specs: find demo devices through the list itself, as a person would. */

/** The device rows of the list on the current page (header row left out). */
export const deviceRows = (page: Page) => page.getByRole("table").locator("tbody tr");

/** Opens the list with `query` and returns the detail URLs of the devices shown. */
export async function deviceLinks(page: Page, query: string): Promise<string[]> {
  await page.goto(`/devices?${query}`);
  const links = page.getByRole("table").locator("tbody tr a[href^='/devices/']");
  return links.evaluateAll((els) => els.map((e) => e.getAttribute("href")!));
}

export async function firstDevice(page: Page, query: string): Promise<string> {
  const links = await deviceLinks(page, query);
  expect(links.length, `a demo device matching ${query}`).toBeGreaterThan(0);
  return links[0]!;
}

/** The device IDs whose row's report-time cell says `text`. */
export async function devicesWhoseReportTimeSays(page: Page, query: string, text: string): Promise<string[]> {
  await page.goto(`/devices?${query}`);
  const rows = deviceRows(page);
  const found: string[] = [];
  for (const row of await rows.all()) {
    if ((await row.innerText()).includes(text)) found.push((await row.locator("a[href^='/devices/']").first().getAttribute("href"))!);
  }
  return found;
}

/** Waits until the reporting queue is empty (Settings > Reporting health), so a forced emulator fault hits our report. */
export async function waitForIdleQueue(page: Page) {
  await expect
    .poll(
      async () => {
        await page.goto("/settings");
        const row = page.getByTestId("health").locator("div", { hasText: "Queue depth" }).last();
        return (await row.locator("dd").innerText()).trim();
      },
      { timeout: 90_000, intervals: [1000, 2000, 3000] },
    )
    .toBe("0");
}

/** Sets the Azure integration's on/off switch (Settings, as an administrator). */
export async function setIntegrationEnabled(page: Page, enabled: boolean) {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Azure integration" });
  await form.getByLabel("Enabled").setChecked(enabled);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
}
