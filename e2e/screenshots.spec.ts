import { test } from "@playwright/test";
import { firstDevice } from "./dashboard";
import { storageStateOf } from "./roles";

/**
 * Screenshots of the dashboard's pages in both languages (test-results/screenshots, not
 * committed), to look at after a run: the device list, a device page, triage and settings.
 */
for (const [locale, lang] of [
  ["en-US", "en"],
  ["es-ES", "es"],
] as const) {
  test(`screenshots in ${lang}`, async ({ browser }) => {
    const context = await browser.newContext({ locale, storageState: storageStateOf("ADMIN"), viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const shot = (name: string) => page.screenshot({ path: `test-results/screenshots/dashboard-${name}-${lang}.png`, fullPage: true });
    await page.goto("/devices");
    await shot("list");
    await page.goto("/devices?clientStatus=User_Canceled&hide=azureDeviceId");
    await shot("list-filtered");
    await page.goto(await firstDevice(page, "clientStatus=Success&azureState=SUCCESS&verdict=NOT_COMPLIANT&lifecycle=ACTIVE"));
    await shot("detail-not-compliant");
    await page.goto(await firstDevice(page, "clientStatus=Workplace_Join_Required&lifecycle=ACTIVE"));
    await shot("detail-workplace-join");
    await page.goto("/triage");
    await shot("triage");
    await page.goto("/settings");
    await shot("settings");
    await context.close();
  });
}
