import { expect, test } from "@playwright/test";
import { demoUser, storageStateOf, type RoleName } from "./roles";

const NAV: Record<RoleName, string[]> = {
  ADMIN: ["Devices", "Triage", "Policies", "Settings", "Audit"],
  HELPDESK: ["Devices", "Triage", "Policies", "Audit"],
  VIEWER: ["Devices", "Triage", "Policies", "Audit"],
};

test("anonymous visitors are sent to the sign-in page, and back where they were going after", async ({ page }) => {
  await page.goto("/triage");
  await expect(page).toHaveURL(/\/signin\?next=/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/signin-en.png", fullPage: true });
  const admin = demoUser("ADMIN");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/triage$/);
});

for (const role of ["ADMIN", "HELPDESK", "VIEWER"] as const) {
  test(`${role} sees only what the role may`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateOf(role) });
    const page = await context.newPage();
    await page.goto("/devices");
    const user = demoUser(role);
    await expect(page.getByTestId("user-menu")).toContainText(user.name);
    await expect(page.getByTestId("user-menu")).toContainText(role);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(NAV[role]);
    const settings = await page.goto("/settings");
    if (role === "ADMIN") {
      expect(settings?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
    } else {
      expect(settings?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
      if (role === "HELPDESK") await page.screenshot({ path: "test-results/screenshots/forbidden-helpdesk.png" });
    }
    await context.close();
  });
}

test("a wrong password says so; too many attempts say when to try again", async ({ page }) => {
  await page.goto("/signin");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill("nobody@contoso.example");
    await page.getByLabel("Password").fill(`wrong-${i}`);
    // One answer at a time: React resets the form when an answer arrives.
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Sign in" }).click()]);
    await expect(page.getByTestId("signin-error")).toContainText("Wrong email or password.");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Email").fill("nobody@contoso.example");
  await page.getByLabel("Password").fill("wrong-again");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toContainText(/Too many attempts\. Try again in \d+ s\./);
  await expect(page.getByTestId("signin-error")).toContainText("rateLimited");
  await page.screenshot({ path: "test-results/screenshots/signin-rate-limited.png" });
});

test("sign-in works with JavaScript off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const viewer = demoUser("VIEWER");
  await page.goto("/signin");
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toContainText("Wrong email or password.");
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await context.close();
});

test("sign-in and sign-out are in the audit trail; the session cookie is HttpOnly and SameSite=Lax", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const helpdesk = demoUser("HELPDESK");
  await page.goto("/signin");
  await page.getByLabel("Email").fill(helpdesk.email);
  await page.getByLabel("Password").fill(helpdesk.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  expect((await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"))).toBeUndefined();
  await context.close();

  const admin = await browser.newContext({ storageState: storageStateOf("ADMIN") });
  const audit = await admin.newPage();
  await audit.goto(`/audit?actor=${encodeURIComponent(helpdesk.email)}`);
  const rows = audit.getByRole("table").getByRole("row");
  await expect(rows.filter({ hasText: "auth.signout" }).first()).toBeVisible();
  await expect(rows.filter({ hasText: "auth.signin" }).first()).toBeVisible();
  await admin.close();
});

test("pages carry security headers, with a CSP without unsafe-eval", async ({ request }) => {
  const res = await request.get("/signin");
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});

test("the sign-in page and its errors speak Spanish to a Spanish browser, with the raw code", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES" });
  const page = await context.newPage();
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Iniciar sesión" })).toBeVisible();
  await page.getByLabel("Correo electrónico").fill("viewer@contoso.example");
  await page.getByLabel("Contraseña").fill("incorrecta");
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await expect(page.getByTestId("signin-error")).toContainText("Correo electrónico o contraseña incorrectos.");
  await expect(page.getByTestId("signin-error")).toContainText("invalid");
  await page.screenshot({ path: "test-results/screenshots/signin-es-error.png" });
  await context.close();
});
