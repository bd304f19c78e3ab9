import { expect, test, type Page } from "@playwright/test";
import { CLIENT_STATUS_CODES } from "../lib/domain/types";
import { clientStatusInfo } from "../lib/domain/client-status";
import { devicesWhoseReportTimeSays, firstDevice, setIntegrationEnabled, waitForIdleQueue } from "./dashboard";
import { storageStateOf } from "./roles";

/**
 * The device page against the built server and its in-process Intune emulator: the Azure fields
 * for every client status code and every reason of a blank report time, Resync to Completed and
 * to Failed (the emulator failing the message), a second press while one is in flight, Retire,
 * and what each role may press.
 */
test.use({ storageState: storageStateOf("ADMIN") });
test.describe.configure({ mode: "serial" });

const azure = (page: Page) => page.getByTestId("azure-fields");

for (const code of CLIENT_STATUS_CODES) {
  test(`a ${code} device shows its code, meaning, who can fix it and the user's steps`, async ({ page }) => {
    const href = await firstDevice(page, `clientStatus=${code}&lifecycle=ACTIVE`);
    await page.goto(href);
    const info = clientStatusInfo(code, "en");
    const status = azure(page).getByTestId("client-status");
    await expect(status.locator("code").first()).toHaveText(code);
    await expect(status).toContainText(info.label);
    await expect(status).toContainText(info.meaning);
    await expect(status).toContainText(info.whoCanFix);
    await expect(status.getByTestId("user-steps").locator("li")).toHaveCount(info.userSteps.length);
    await expect(status.getByRole("button", { name: "Copy steps" })).toBeVisible();
    if (code === "Success") {
      await expect(azure(page).getByTestId("azure-device-id")).toHaveText(/^[0-9a-f-]{36}$/);
    } else {
      // Blank Azure device ID, and the report time blank for the error the code names.
      await expect(azure(page).getByTestId("azure-device-id")).toContainText(`its client status code (${code}) says why`);
      await expect(azure(page).getByTestId("report-time").locator("[data-reason]")).toHaveAttribute("data-reason", "error");
      await expect(azure(page).getByTestId("report-time")).toContainText(`Blank: an error prevents reporting (${code}).`);
    }
    await expect(page.getByRole("heading", { name: "What was sent and why" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Report history" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Inventory" })).toBeVisible();
  });
}

test("blank report time: data received, Microsoft not called yet (no client status yet)", async ({ page }) => {
  await page.goto(await firstDevice(page, "clientStatus=none&lifecycle=ACTIVE"));
  await expect(azure(page).getByTestId("report-time").locator("[data-reason]")).toHaveAttribute("data-reason", "pending");
  await expect(azure(page).getByTestId("report-time")).toContainText("Blank: data received; Microsoft has not been called yet.");
  await expect(azure(page).getByTestId("azure-device-id")).toContainText("has not reported its Microsoft sign-in status yet");
  await expect(azure(page).getByTestId("client-status")).toHaveCount(0);
});

test("blank report time: an error from Microsoft, in words with its code", async ({ page }) => {
  const [href] = await devicesWhoseReportTimeSays(page, "failed=1", "Blank: an error prevents reporting");
  expect(href, "a device whose first report Microsoft refused").toBeTruthy();
  await page.goto(href!);
  const time = azure(page).getByTestId("report-time");
  await expect(time.locator("[data-reason]")).toHaveAttribute("data-reason", "error");
  await expect(time.locator("[data-error-code]")).toHaveAttribute("data-error-code", /^(InvalidDeviceId|TooManyRequests|InvalidUserId|ProcessingFailed)$/);
  await expect(azure(page).getByTestId("azure-state")).toContainText("Error");
  // The failed report is in the history with Microsoft's code and detail.
  await expect(page.locator("[data-testid=report-row][data-state=FAILED]").first()).toBeVisible();
});

test("blank report time: the integration is disabled", async ({ page }) => {
  const href = await firstDevice(page, "clientStatus=none&lifecycle=ACTIVE");
  await setIntegrationEnabled(page, false);
  try {
    await page.goto(href);
    await expect(azure(page).getByTestId("report-time").locator("[data-reason]")).toHaveAttribute("data-reason", "disabled");
    await expect(azure(page).getByTestId("report-time")).toHaveText("Blank: the Azure integration is disabled.");
  } finally {
    await setIntegrationEnabled(page, true);
  }
});

test("a reported device shows its report time, and why it sent what it sent", async ({ page }) => {
  await page.goto(await firstDevice(page, "clientStatus=Success&azureState=SUCCESS&verdict=NOT_COMPLIANT&lifecycle=ACTIVE"));
  await expect(azure(page).getByTestId("report-time").locator("[data-reason]")).toHaveAttribute("data-reason", "reported");
  await expect(page.getByTestId("verdict-reason")).toContainText("so the device is reported not compliant");
  await expect(page.getByTestId("value-sent")).toContainText("Device not compliant");
  await expect(page.getByTestId("value-sent")).toContainText("notCompliant");
  const failed = page.getByRole("table", { name: "What was sent and why" }).locator("tr[data-state=failed]");
  await expect(failed.first()).toBeVisible();
  await expect(failed.first()).toContainText("Decides the value");
  // History: each report with its trigger, what was sent and its states.
  const row = page.locator("[data-testid=report-row][data-state=COMPLETED]").first();
  await expect(row).toContainText("Completed");
  await row.getByText(/^Entities \(2\)$/).click();
  await expect(row.locator("pre")).toContainText('"EntityType": 4');
});

test("Resync goes to Completed against the emulator, live, and a second press while in flight queues nothing", async ({ page }) => {
  const href = await firstDevice(page, "clientStatus=Success&azureState=SUCCESS&verdict=COMPLIANT&lifecycle=ACTIVE&sort=name&dir=desc");
  await page.goto(href);
  const before = await page.getByTestId("report-row").count();
  await page.getByRole("button", { name: "Resync", exact: true }).click();
  await expect(page).toHaveURL(/notice=queued/);
  await expect(page.getByTestId("notice")).toHaveText("Resync queued: its progress is shown below.");
  // Pressed again at once: the report is still queued, sending or awaiting Microsoft.
  await page.getByRole("button", { name: "Resync", exact: true }).click();
  await expect(page).toHaveURL(/notice=in-flight/);
  await expect(page.getByTestId("notice")).toContainText("was already in progress");
  // No reload: the page follows the report until Microsoft completes it.
  const progress = page.getByTestId("report-progress");
  await expect(progress).toHaveAttribute("data-state", "COMPLETED", { timeout: 30_000 });
  for (const step of ["QUEUED", "SENDING", "ACCEPTED", "COMPLETED"]) await expect(progress.locator(`[data-step=${step}]`)).toContainText("UTC");
  await expect(page.getByTestId("report-row")).toHaveCount(before + 1);
  const newest = page.getByTestId("report-row").first();
  await expect(newest).toHaveAttribute("data-state", "COMPLETED");
  await expect(newest).toContainText("Resync");
  await expect(newest).toContainText("admin@contoso.example");
  await expect(newest.locator("td").nth(4)).toHaveText(/^[0-9a-f-]{36}$/);
  await expect(azure(page).getByTestId("azure-state")).toContainText("Success");
  await page.screenshot({ path: "test-results/screenshots/detail-resync-completed.png", fullPage: true });

  // The audit trail has both presses, linked by trace id to the report.
  await page.goto(`/audit?action=device.resync&target=${href.split("/").pop()}`);
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByRole("table")).toContainText('"outcome":"in-flight"');
});

test("Resync goes to Failed when Microsoft fails the message, and says why with Microsoft's code", async ({ page }) => {
  const href = await firstDevice(page, "clientStatus=Success&azureState=SUCCESS&verdict=COMPLIANT&lifecycle=ACTIVE&sort=owner");
  await waitForIdleQueue(page);
  const form = page.getByRole("form", { name: "Make the next reports fail" });
  await form.getByLabel("How many reports").fill("1");
  await form.getByRole("button", { name: "Apply to the emulator" }).click();
  await expect(form.getByRole("status")).toHaveText("The next 1 reports the emulator accepts will end Failed.");

  await page.goto(href);
  await page.getByRole("button", { name: "Resync", exact: true }).click();
  const progress = page.getByTestId("report-progress");
  await expect(progress).toHaveAttribute("data-state", "FAILED", { timeout: 30_000 });
  await expect(progress).toContainText("ProcessingFailed");
  await expect(progress).toContainText("Microsoft accepted the report, then failed to process it.");
  await expect(azure(page).getByTestId("azure-state")).toContainText("Error");
  await expect(page.getByTestId("report-row").first()).toHaveAttribute("data-state", "FAILED");
  await page.screenshot({ path: "test-results/screenshots/detail-resync-failed.png", fullPage: true });
});

test("Resync works with JavaScript off: the form posts and the page comes back with the answer", async ({ browser, page }) => {
  const href = await firstDevice(page, "clientStatus=Success&azureState=SUCCESS&verdict=COMPLIANT&lifecycle=ACTIVE&sort=os");
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: storageStateOf("HELPDESK") });
  const noScript = await context.newPage();
  await noScript.goto(href);
  await noScript.getByRole("button", { name: "Resync", exact: true }).click();
  await expect(noScript).toHaveURL(/notice=(queued|in-flight)/);
  await expect(noScript.getByTestId("notice")).toBeVisible();
  await expect(noScript.getByTestId("report-progress")).toContainText("Resync");
  await expect(noScript.getByTestId("report-row").first()).toContainText("helpdesk@contoso.example");
  await context.close();
});

test("Retire asks first, removes the device's data from Azure, and shows it retired", async ({ page }) => {
  const href = await firstDevice(page, "clientStatus=Success&azureState=SUCCESS&verdict=COMPLIANT&lifecycle=ACTIVE&sort=lastCheckIn");
  await page.goto(href);
  const actions = page.getByRole("group", { name: "Actions" });
  await actions.getByText("Retire", { exact: true }).click();
  await expect(actions).toContainText("Its data is removed from the Azure platform");
  await actions.getByRole("button", { name: "Yes, retire" }).click();
  await expect(page).toHaveURL(/notice=retire-queued/);
  await expect(page.getByTestId("report-progress")).toContainText("Retire");
  await expect(page.getByTestId("report-progress")).toHaveAttribute("data-state", "COMPLETED", { timeout: 30_000 });
  await expect(page.getByTestId("lifecycle")).toContainText("RETIRED");
  await expect(page.getByTestId("report-row").first()).toContainText("notManaged");
  // A retired device has nothing left to press.
  await expect(page.getByRole("group", { name: "Actions" })).toHaveCount(0);
  await page.goto(`/audit?action=device.retire&target=${href.split("/").pop()}`);
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("table")).toContainText('"lifecycle":"RETIRE_PENDING"');
});

for (const [role, resync, retire] of [
  ["ADMIN", true, true],
  ["HELPDESK", true, false],
  ["VIEWER", false, false],
] as const) {
  test(`${role} sees ${[resync && "Resync", retire && "Retire"].filter(Boolean).join(" and ") || "no action"} on a device`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf(role) });
    const page = await context.newPage();
    await page.goto(await firstDevice(page, "clientStatus=Success&lifecycle=ACTIVE"));
    await expect(page.getByRole("heading", { name: "Azure" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Resync", exact: true })).toHaveCount(resync ? 1 : 0);
    await expect(page.getByRole("group", { name: "Actions" }).getByText("Retire", { exact: true })).toHaveCount(retire ? 1 : 0);
    await context.close();
  });
}

test("the device page speaks Spanish, with the seed's field names and the raw codes", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES", storageState: storageStateOf("HELPDESK") });
  const page = await context.newPage();
  await page.goto(await firstDevice(page, "clientStatus=User_Canceled&lifecycle=ACTIVE"));
  const fields = azure(page);
  for (const label of ["Identificador del dispositivo Azure", "Estado de cumplimiento del dispositivo Azure", "Código de estado del cliente de Azure", "Hora del informe de cumplimiento del dispositivo Azure"]) {
    await expect(fields.getByText(label, { exact: true })).toBeVisible();
  }
  await expect(fields.getByTestId("client-status")).toContainText(clientStatusInfo("User_Canceled", "es").meaning);
  await expect(fields.getByTestId("client-status").locator("code").first()).toHaveText("User_Canceled");
  await expect(fields.getByTestId("report-time")).toContainText("En blanco: un error impide informar (User_Canceled).");
  await expect(page.getByRole("button", { name: "Resincronizar", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Qué se envió y por qué" })).toBeVisible();
  await context.close();
});

test("an unknown device is a clear 404, not an error", async ({ page }) => {
  const res = await page.goto("/devices/00000000-0000-4000-8000-000000000000");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such device." })).toBeVisible();
  expect((await page.goto("/devices/not-a-uuid"))?.status()).toBe(404);
});
