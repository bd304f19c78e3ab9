import { expect, test as setup } from "@playwright/test";
import { demoUser, ROLE_NAMES, storageStateOf } from "./roles";

// Signs each demo user in once through the real form; the specs reuse the session cookie.
for (const role of ROLE_NAMES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const user = demoUser(role);
    await page.goto("/signin");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/devices$/);
    await expect(page.getByTestId("user-menu")).toContainText(user.name);
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
