import { expect, test } from "@playwright/test";
import { deviceRows } from "./dashboard";
import { storageStateOf } from "./roles";

/**
 * The device list: filters with their counts, sort, search, pages, hidden columns, all in the
 * URL (a copied URL shows the same list; the back button works); CSV export of every match;
 * Resync of a selection and of everything a filter matches; what each role may press.
 */
test.use({ storageState: storageStateOf("HELPDESK") });

const filters = (page: import("@playwright/test").Page) => page.getByRole("search");
const countOf = async (page: import("@playwright/test").Page) => Number((await page.getByTestId("device-count").innerText()).replace(/\D/g, ""));

test("filters by platform with the counts shown, in the URL", async ({ page }) => {
  await page.goto("/devices");
  const option = filters(page).getByLabel("Platform").locator("option[value=ANDROID]");
  const optionCount = Number(/\((\d+)\)$/.exec(await option.innerText())![1]);
  await filters(page).getByLabel("Platform").selectOption("ANDROID");
  await filters(page).getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/platform=ANDROID/);
  expect(await countOf(page)).toBe(optionCount);
  for (const row of await deviceRows(page).all()) await expect(row.locator("td").nth(3)).toHaveText("Android");

  // The checkboxes narrow it further, and say how many they would leave.
  const noId = filters(page).getByLabel(/^No Azure device ID \(\d+\)$/);
  const expected = Number(/\((\d+)\)$/.exec((await noId.locator("xpath=..").innerText()).trim())![1]);
  await noId.check();
  await filters(page).getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/noAzureId=1/);
  expect(await countOf(page)).toBe(expected);
  for (const row of await deviceRows(page).all()) await expect(row).toContainText("No Azure device ID");
});

test("sorts by a column and back, with the direction in the URL", async ({ page }) => {
  await page.goto("/devices");
  await page.getByRole("columnheader", { name: /Last check-in/ }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=lastCheckIn/);
  const times = async () => page.getByRole("table").locator("tbody tr td:last-child time").evaluateAll((els) => els.map((e) => e.getAttribute("datetime")!));
  const asc = await times();
  expect(asc).toEqual([...asc].sort());
  await expect(page.getByRole("columnheader", { name: /Last check-in/ })).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("columnheader", { name: /Last check-in/ }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=lastCheckIn&dir=desc/);
  const desc = await times();
  expect(desc).toEqual([...desc].sort().reverse());
  await page.goBack();
  await expect(page.getByRole("columnheader", { name: /Last check-in/ })).toHaveAttribute("aria-sort", "ascending");
});

test("searches name, owner, serial and Azure device ID", async ({ page }) => {
  await page.goto("/devices?clientStatus=Success&size=25");
  const first = deviceRows(page).first();
  const owner = (await first.locator("td").nth(2).innerText()).trim();
  const azureId = (await first.locator("td").nth(5).innerText()).trim();
  expect(azureId).toMatch(/^[0-9a-f-]{36}$/);

  await page.goto("/devices");
  await filters(page).getByLabel("Search").fill(owner.toUpperCase());
  await filters(page).getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=/);
  for (const row of await deviceRows(page).all()) await expect(row).toContainText(owner);

  await filters(page).getByLabel("Search").fill(azureId);
  await filters(page).getByRole("button", { name: "Apply" }).click();
  await expect(deviceRows(page)).toHaveCount(1);
  await expect(deviceRows(page).first()).toContainText(azureId);

  await filters(page).getByLabel("Search").fill("no device is called this");
  await filters(page).getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No device matches these filters.")).toBeVisible();
});

test("pages through the list and changes the page size", async ({ page }) => {
  await page.goto("/devices?size=25");
  const total = await countOf(page);
  const pages = Math.ceil(total / 25);
  await expect(page.getByText(`Page 1 of ${pages}`)).toBeVisible();
  const firstPage = await deviceRows(page).first().innerText();
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(`Page 2 of ${pages}`)).toBeVisible();
  expect(await deviceRows(page).first().innerText()).not.toBe(firstPage);
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "100" }).click();
  await expect(page).toHaveURL(/size=100/);
  await expect(page).not.toHaveURL(/page=/);
  await expect(deviceRows(page)).toHaveCount(Math.min(100, total));
});

test("a copied URL shows the same list: filters, sort, page and hidden columns come back", async ({ page, browser }) => {
  const url = "/devices?page=2&size=25&sort=os&dir=desc&azureState=SUCCESS&stale=1&hide=azureDeviceId%2Cowner";
  await page.goto(url);
  await expect(filters(page).getByLabel("Azure compliance state")).toHaveValue("SUCCESS");
  await expect(filters(page).getByLabel(/^Not reported for over 7 days/)).toBeChecked();
  await expect(page.getByRole("columnheader", { name: /OS/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("columnheader", { name: "Azure device ID" })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: /Owner/ })).toHaveCount(0);
  const rows = await deviceRows(page).allInnerTexts();

  const other = await browser.newContext({ storageState: storageStateOf("VIEWER") });
  const again = await other.newPage();
  await again.goto(url);
  expect(await deviceRows(again).allInnerTexts()).toEqual(rows);
  await other.close();
});

test("columns can be hidden and shown again", async ({ page }) => {
  await page.goto("/devices?platform=IOS");
  await page.locator("summary", { hasText: "Columns" }).click();
  const picker = page.getByRole("group", { name: "Columns" });
  await picker.getByLabel("OS").uncheck();
  await picker.getByLabel("Last check-in").uncheck();
  await page.getByRole("button", { name: "Show these columns" }).click();
  await expect(page).toHaveURL(/hide=os%2ClastCheckIn|hide=os,lastCheckIn/);
  await expect(page).toHaveURL(/platform=IOS/);
  await expect(page.getByRole("columnheader", { name: /Last check-in/ })).toHaveCount(0);
  // Sorting keeps the hidden columns hidden.
  await page.getByRole("columnheader", { name: /Name/ }).getByRole("link").click();
  // The sorted list has arrived (not the old page still on screen) before the picker is opened again.
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("columnheader", { name: /Last check-in/ })).toHaveCount(0);
  await page.locator("summary", { hasText: "Columns" }).click();
  await page.getByRole("group", { name: "Columns" }).getByLabel("Last check-in").check();
  await page.getByRole("group", { name: "Columns" }).getByLabel("OS").check();
  await page.getByRole("button", { name: "Show these columns" }).click();
  await expect(page.getByRole("columnheader", { name: /Last check-in/ })).toBeVisible();
  await expect(page).not.toHaveURL(/hide=/);
});

test("the CSV export has every device the filter matches, not only the page", async ({ page }) => {
  await page.goto("/devices?clientStatus=User_Canceled&size=25");
  const total = await countOf(page);
  const link = page.getByRole("link", { name: /^Export CSV/ });
  await expect(link).toHaveText(`Export CSV (${total})`);
  const res = await page.request.get((await link.getAttribute("href"))!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/csv");
  expect(res.headers()["content-disposition"]).toMatch(/attachment; filename="devices-.*\.csv"/);
  const lines = (await res.text()).split("\r\n").filter(Boolean);
  const header = lines[0]!.replace("\uFEFF", "").split(",");
  expect(header).toEqual(expect.arrayContaining(["id", "name", "azureDeviceId", "clientStatusCode", "azureState", "azureReportedAt", "reportTimeBlankReason", "lastCheckInAt"]));
  expect(lines).toHaveLength(total + 1);
  const code = header.indexOf("clientStatusCode");
  const reason = header.indexOf("reportTimeBlankReason");
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    expect(cells[code]).toBe("User_Canceled");
    if (cells[header.indexOf("azureReportedAt")] === "") expect(cells[reason]).toBe("error:User_Canceled");
  }
  // The whole fleet, in more than one page of rows.
  const all = await page.request.get("/api/devices/export");
  expect((await all.text()).split("\r\n").filter(Boolean).length - 1).toBeGreaterThanOrEqual(120);
});

test("Resync of the selected rows asks with the count, then says what happened", async ({ page }) => {
  await page.goto("/devices?clientStatus=Success&lifecycle=ACTIVE&azureState=SUCCESS&sort=owner&dir=desc");
  const rows = deviceRows(page);
  await rows.nth(0).getByRole("checkbox").check();
  await rows.nth(1).getByRole("checkbox").check();
  const bulk = page.getByRole("form", { name: "Bulk actions" });
  await bulk.getByText("Resync selected (2)").click();
  await expect(bulk).toContainText("Resync the 2 selected devices?");
  await bulk.getByRole("button", { name: "Yes, resync" }).click();
  await expect(bulk.getByRole("status")).toHaveText(/^Resync: \d queued, 0 not sent \(no Azure device ID, or retired\), \d already in progress\.$/);
  await expect(bulk.getByRole("status")).toContainText(/Resync: (2 queued, 0 not sent.*0 already|1 queued, 0 not sent.*1 already|0 queued, 0 not sent.*2 already)/);
});

test("Resync of everything a filter matches asks with the count first", async ({ page }) => {
  await page.goto("/devices?clientStatus=Interaction_Required&lifecycle=ACTIVE");
  const total = await countOf(page);
  expect(total).toBeGreaterThan(0);
  const form = page.getByRole("form", { name: `Resync all ${total} matching` });
  await form.getByText(`Resync all ${total} matching`).click();
  await expect(form).toContainText(`Resync all ${total} devices that match the current filter?`);
  await form.getByRole("button", { name: "Yes, resync" }).click();
  // These devices have no Azure device ID: nothing can be sent, and the answer says so.
  await expect(form.getByRole("status")).toHaveText(`Resync: 0 queued, ${total} not sent (no Azure device ID, or retired), 0 already in progress.`);
  await page.goto("/audit?action=device.resync.bulk");
  await expect(page.getByRole("table").locator("tbody tr").first()).toContainText("filter:clientStatus=Interaction_Required&lifecycle=ACTIVE");
  await expect(page.getByRole("table").locator("tbody tr").first()).toContainText("helpdesk@contoso.example");
});

test("a viewer reads the list but has no Resync", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf("VIEWER") });
  const page = await context.newPage();
  await page.goto("/devices");
  await expect(deviceRows(page).first()).toBeVisible();
  await expect(page.getByRole("form", { name: "Bulk actions" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  await expect(page.getByText(/^Resync all/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Export CSV/ })).toBeVisible();
  await context.close();
});

test("the list speaks Spanish", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES", storageState: storageStateOf("HELPDESK") });
  const page = await context.newPage();
  await page.goto("/devices?noAzureId=1");
  await expect(page.getByRole("heading", { name: "Dispositivos" })).toBeVisible();
  await expect(filters(page).getByLabel(/^Sin informar desde hace más de 7 días/)).toBeVisible();
  await expect(page.getByRole("link", { name: /^Exportar CSV/ })).toBeVisible();
  await expect(page.getByText(/^Resincronizar los \d+ que coinciden$/)).toBeVisible();
  await context.close();
});
