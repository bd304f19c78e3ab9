import { expect, test, type Page } from "@playwright/test";
import { storageStateOf } from "./roles";

/**
 * The policy editor against the built server, its demo fleet and its in-process Intune
 * emulator: an admin tightens the minimum OS version, reads the impact preview, saves; the
 * background re-evaluation changes exactly the announced devices, which show the new verdict,
 * the policy that decided it and a compliance-change report completed by the emulator.
 * Validation, Retire's confirmation, delete, both languages, and what HELPDESK may do.
 */
test.describe.configure({ mode: "serial" });

const policyRow = (page: Page, name: string) => page.locator("tbody tr", { has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
const count = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/\D/g, ""));

test.describe("as ADMIN", () => {
  test.use({ storageState: storageStateOf("ADMIN") });

  test("tightening the minimum OS version: preview, save, background re-evaluation, reports completing", async ({ page, context }) => {
    await page.goto("/policies");
    const row = policyRow(page, "Minimum OS version");
    await expect(row).toContainText("iOS 17.0 or later");
    await expect(row).toContainText("Quarantine");
    await expect(row).toContainText("QUARANTINE");
    const failingBefore = Number(await row.getByTestId("failing-count").innerText());
    await row.getByRole("link", { name: "Edit Minimum OS version" }).click();
    await expect(page).toHaveURL(/\/policies\/[0-9a-f-]{36}$/);

    const form = page.getByRole("form", { name: "Policy", exact: true });
    await expect(form.getByRole("button", { name: "Save policy" })).toBeDisabled();
    await form.getByLabel("Minimum iOS / iPadOS version").fill("18.1");
    await form.getByRole("button", { name: "Preview impact" }).click();
    const preview = page.getByTestId("impact-preview");
    await expect(preview).toBeVisible();
    // The preview keeps what was typed.
    await expect(form.getByLabel("Minimum iOS / iPadOS version")).toHaveValue("18.1");
    const toNotCompliant = await count(page, "impact-to-not-compliant");
    expect(toNotCompliant).toBeGreaterThan(0);
    await expect(preview.getByTestId("impact-to-compliant")).toHaveText("0");
    await expect(preview.getByTestId("impact-retired")).toHaveText("0");
    await expect(preview.getByTestId("impact-reports")).toContainText(`${toNotCompliant} × Compliance change COMPLIANCE_CHANGE`);
    await expect(preview.locator("tbody tr").first()).toContainText("Minimum OS version");
    await page.screenshot({ path: "test-results/screenshots/policies-preview.png", fullPage: true });

    // A device of the sample that Microsoft knows (reported before, Success), to follow its report.
    const candidates = await preview.locator("tbody tr[data-not-sent=false] a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    expect(candidates.length).toBeGreaterThan(0);
    const probe = await context.newPage();
    let followed: string | null = null;
    for (const href of candidates) {
      await probe.goto(href);
      if ((await probe.getByTestId("azure-state").innerText()).includes("Success")) {
        followed = href;
        break;
      }
    }
    await probe.close();
    expect(followed, "a sample device whose last report completed").not.toBeNull();

    // Editing after the preview takes Save away until the next preview.
    await form.getByLabel("Minimum iOS / iPadOS version").fill("18.2");
    await expect(form.getByRole("button", { name: "Save policy" })).toBeDisabled();
    await expect(form).toContainText("The values changed since the preview");
    await form.getByLabel("Minimum iOS / iPadOS version").fill("18.1");
    await expect(form.getByRole("button", { name: "Save policy" })).toBeEnabled();
    await form.getByRole("button", { name: "Save policy" }).click();

    await expect(page).toHaveURL(/\/policies\?saved=/);
    await expect(page.getByRole("status")).toContainText("Policy “Minimum OS version” saved.");
    // The re-evaluation runs in the background; the list follows it.
    await expect
      .poll(async () => {
        await page.reload();
        return policyRow(page, "Minimum OS version").getByTestId("reevaluation").getAttribute("data-state");
      }, { timeout: 60_000 })
      .toBe("COMPLETED");
    const after = policyRow(page, "Minimum OS version");
    await expect(after).toContainText("iOS 18.1 or later");
    await expect(after.getByTestId("reevaluation")).toContainText(`${toNotCompliant} verdicts changed, 0 retired`);
    expect(Number(await after.getByTestId("failing-count").innerText())).toBeGreaterThanOrEqual(failingBefore + toNotCompliant);
    await page.screenshot({ path: "test-results/screenshots/policies-list.png", fullPage: true });

    // The device: not compliant, decided by the policy, and its compliance-change report completed by the emulator.
    await page.goto(followed!);
    await expect(page.getByTestId("value-sent")).toContainText("Device not compliant");
    const decided = page.locator("tr[data-state=failed]", { hasText: "Minimum OS version" });
    await expect(decided).toContainText("the minimum is 18.1");
    await expect(decided).toContainText("Quarantine");
    await expect
      .poll(async () => {
        await page.reload();
        const newest = page.getByTestId("report-row").first();
        return `${await newest.getAttribute("data-state")} ${(await newest.innerText()).includes("Compliance change")}`;
      }, { timeout: 60_000 })
      .toBe("COMPLETED true");
    // The report is linked to the admin's change (its trace id).
    await expect(page.getByTestId("report-row").first()).toContainText("admin@contoso.example");
    await page.screenshot({ path: "test-results/screenshots/policies-device.png", fullPage: true });

    // The device list agrees.
    const name = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
    await page.goto(`/devices?verdict=NOT_COMPLIANT&q=${encodeURIComponent(name)}`);
    await expect(page.getByRole("table").locator(`tbody tr a[href='${followed}']`)).toBeVisible();

    // The audit trail has the change with before and after.
    await page.goto("/audit?action=policy.update");
    const audit = page.getByRole("table").getByRole("row").nth(1);
    await expect(audit).toContainText("admin@contoso.example");
    await expect(audit).toContainText('"IOS":"17.0"');
    await expect(audit).toContainText('"IOS":"18.1"');
  });

  test("validation, Retire's confirmation, create and delete with their previews", async ({ page }) => {
    await page.goto("/policies/new");
    const form = page.getByRole("form", { name: "Policy", exact: true });
    await form.getByLabel("Name", { exact: true }).fill("E2E forbidden app");
    await form.getByRole("button", { name: "Preview impact" }).click();
    await expect(form.getByRole("status")).toHaveText("Nothing was saved: check the values below.");
    await expect(form).toContainText("A policy needs at least one rule.");
    await expect(form).toContainText("Choose at least one action.");

    await form.getByLabel("Minimum Android version").fill("fourteen");
    await form.getByLabel(/^Forbidden apps/).fill("com.example.never.installed");
    await form.getByRole("checkbox", { name: /Retire a device/ }).check();
    await form.getByRole("button", { name: "Preview impact" }).click();
    await expect(form).toContainText("A version is dotted numbers, e.g. 17.4 or 14.");
    await form.getByLabel("Minimum Android version").fill("");
    await form.getByRole("button", { name: "Preview impact" }).click();
    await expect(page.getByTestId("impact-preview")).toContainText("None: no device changes verdict.");
    await expect(page.getByTestId("impact-retired")).toHaveText("0");

    // Retire asks for an explicit confirmation.
    await form.getByRole("button", { name: "Save policy" }).click();
    await expect(form.getByRole("status")).toHaveText("Nothing was saved: check the values below.");
    await expect(form).toContainText("Retire removes devices from Azure: tick the confirmation to save.");
    await form.getByRole("checkbox", { name: /I understand that Retire removes/ }).check();
    await form.getByRole("button", { name: "Save policy" }).click();
    await expect(page).toHaveURL(/\/policies\?saved=/);
    const row = policyRow(page, "E2E forbidden app");
    await expect(row).toContainText("Forbidden apps: com.example.never.installed");
    await expect(row).toContainText("Retire a device");
    await expect(row.getByTestId("failing-count")).toHaveText("0");

    await row.getByRole("link", { name: "Edit E2E forbidden app" }).click();
    const remove = page.getByRole("form", { name: "Delete this policy" });
    await remove.getByRole("button", { name: "Preview deletion" }).click();
    await expect(remove.getByTestId("impact-preview")).toContainText("None: no device changes verdict.");
    await remove.getByRole("button", { name: "Delete policy" }).click();
    await expect(page).toHaveURL(/\/policies\?deleted=/);
    await expect(page.getByRole("status")).toHaveText("Policy “E2E forbidden app” deleted.");
    await expect(policyRow(page, "E2E forbidden app")).toHaveCount(0);

    await page.goto("/audit?action=policy.delete");
    await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("E2E forbidden app");

    const gone = await page.goto("/policies/00000000-0000-4000-8000-000000000000");
    expect(gone?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This policy no longer exists.");
  });
});

test.describe("as HELPDESK", () => {
  test.use({ storageState: storageStateOf("HELPDESK") });

  test("reads the policies and cannot edit them", async ({ page }) => {
    await page.goto("/policies");
    await expect(page.getByTestId("read-only")).toBeVisible();
    await expect(policyRow(page, "Minimum OS version")).toBeVisible();
    await expect(page.getByRole("link", { name: "New policy" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Edit / })).toHaveCount(0);
    const id = await policyRow(page, "Minimum OS version").getAttribute("data-policy-id");
    for (const path of ["/policies/new", `/policies/${id}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
  });
});

test("the policies in Spanish: the seed's action names", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES", storageState: storageStateOf("VIEWER") });
  const page = await context.newPage();
  await page.goto("/policies");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Directivas de cumplimiento");
  for (const name of ["Bloquear correo electrónico", "Aplicaciones de AppConnect", "Cuarentena", "Enviar alerta", "Retirar un dispositivo"]) {
    await expect(page.getByRole("table").getByText(name).first()).toBeVisible();
  }
  await context.close();
});
