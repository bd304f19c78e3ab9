import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { PAGES } from "../lib/auth/routes";
import { firstDevice } from "./dashboard";
import { storageStateOf } from "./roles";

/**
 * axe-core on every page of the app (lib/auth/routes.ts lists them all), in English and in
 * Spanish, with every disclosure opened so what it hides is checked too: no serious or
 * critical issue.
 */

async function seriousIssues(page: Page) {
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const locale of ["en-US", "es-ES"] as const) {
  test.describe(`in ${locale}`, () => {
    // Each test checks many pages, each taking a few seconds to analyse.
    test.describe.configure({ timeout: 240_000 });
    test("public pages", async ({ browser }) => {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      for (const [route, entry] of Object.entries(PAGES)) {
        if (entry.permission !== "public" || route === "/") continue;
        await page.goto(entry.probe);
        expect(await seriousIssues(page), `${route}`).toEqual([]);
      }
      await context.close();
    });

    test("signed-in pages, and the device pages of a few kinds of device", async ({ browser }) => {
      const context = await browser.newContext({ locale, storageState: storageStateOf("ADMIN") });
      const page = await context.newPage();
      const urls = Object.entries(PAGES)
        .filter(([, entry]) => entry.permission !== "public")
        .map(([, entry]) => entry.probe);
      urls.push(await firstDevice(page, "clientStatus=Success&azureState=SUCCESS&verdict=NOT_COMPLIANT"));
      urls.push(await firstDevice(page, "failed=1"));
      urls.push(await firstDevice(page, "lifecycle=RETIRED"));
      urls.push("/devices?platform=IOS&hide=owner");
      for (const url of urls) {
        await page.goto(url);
        expect(await seriousIssues(page), url).toEqual([]);
      }
      await context.close();
    });

    test("what a viewer sees (no action buttons) and the 403 page", async ({ browser }) => {
      const context = await browser.newContext({ locale, storageState: storageStateOf("VIEWER") });
      const page = await context.newPage();
      for (const url of ["/devices", "/triage", "/settings"]) {
        await page.goto(url);
        expect(await seriousIssues(page), url).toEqual([]);
      }
      await context.close();
    });
  });
}
