import fc from "fast-check";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { hostileRequests, REFUSALS, type HostileFixture } from "../lib/api/hostile-requests";
import type { EnrollmentBody } from "../lib/domain/check-in";
import { storageStateOf } from "./roles";

/**
 * The device API against the built server over real HTTP: an API key created in the UI (shown
 * once) enrols devices, devices check in, a sample of generated hostile requests changes
 * nothing, and a revoked key stops working. The 10,000-request property test is
 * lib/api/hostile.test.ts; this is its smaller sample through Next.js itself.
 */
test.use({ storageState: storageStateOf("ADMIN") });
test.describe.configure({ mode: "serial" });

const enrolment = (serial: string, azure: EnrollmentBody["azure"]): EnrollmentBody => ({
  platform: "IOS",
  inventory: { name: `E2E iPhone ${serial}`, manufacturer: "Apple", model: "iPhone 15", osVersion: "18.3.1", serialNumber: serial, ownerUpn: "ana.garcia@contoso.example" },
  compliance: { passcodeSet: true, encrypted: true, jailbroken: false, installedApps: ["com.microsoft.azureauthenticator"] },
  azure,
});

async function createKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create API key" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create API key" }).click();
  await expect(form.getByRole("status")).toContainText("Copy it now");
  const key = await form.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^crk_/);
  return key;
}

let api: APIRequestContext;
let apiKey: string;
let fixture: HostileFixture;

test.beforeAll(async ({ baseURL }) => {
  // No cookies: the device API takes bearer credentials only.
  api = await playwrightRequest.newContext({ baseURL, maxRedirects: 0 });
});
test.afterAll(async () => {
  await api.dispose();
});

test("an administrator creates an API key, shown once, listed by its prefix", async ({ page }) => {
  apiKey = await createKey(page, "E2E MDM server");
  await page.reload();
  const table = page.getByRole("table", { name: "API keys" });
  await expect(table).toContainText("E2E MDM server");
  await expect(table).toContainText(`${apiKey.slice(0, 12)}…`);
  await expect(page.getByText(apiKey)).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/settings-api-keys.png", fullPage: true });
});

test("enrol and check in over HTTP; the device reads what the server believes", async () => {
  const enrolled = await api.post("/api/v1/enrollments", { headers: { authorization: `Bearer ${apiKey}` }, data: enrolment("E2E0000001", { deviceId: null, clientStatusCode: "User_Canceled" }) });
  expect(enrolled.status()).toBe(201);
  const { deviceId, deviceToken } = (await enrolled.json()) as { deviceId: string; deviceToken: string };
  const auth = { authorization: `Bearer ${deviceToken}` };
  const body = { ...enrolment("E2E0000001", { deviceId: "007c8232-9489-4074-9b35-345b16f0a72d", clientStatusCode: "Success" }), checkInId: "5b0b7e3c-93a4-4a36-8d3b-0f6c1f0a7d11" } as Record<string, unknown>;
  delete body.platform;
  const first = await api.post(`/api/v1/devices/${deviceId}/check-ins`, { headers: auth, data: body });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ replayed: false, reportsQueued: ["INVENTORY_CHANGE"], device: { azure: { deviceId: "007c8232-9489-4074-9b35-345b16f0a72d", clientStatusCode: "Success" } } });
  const again = await api.post(`/api/v1/devices/${deviceId}/check-ins`, { headers: auth, data: body });
  expect(await again.json()).toMatchObject({ replayed: true });
  const state = await api.get(`/api/v1/devices/${deviceId}`, { headers: auth });
  expect(await state.json()).toMatchObject({ id: deviceId, lifecycle: "ACTIVE", lastReport: { trigger: "INVENTORY_CHANGE" } });
  // Not redirected to the sign-in page: JSON 401.
  const anonymous = await api.get(`/api/v1/devices/${deviceId}`);
  expect([anonymous.status(), anonymous.headers()["content-type"]]).toEqual([401, expect.stringContaining("application/json")]);
});

test("a sample of hostile requests over HTTP: no 5xx, nothing stored, still answering", async () => {
  const keyAuth = { authorization: `Bearer ${apiKey}` };
  const enrol = async (serial: string) => {
    const body = enrolment(serial, { deviceId: crypto.randomUUID(), clientStatusCode: "Success" });
    const answer = (await (await api.post("/api/v1/enrollments", { headers: keyAuth, data: body })).json()) as { deviceId: string; deviceToken: string };
    return { id: answer.deviceId, token: answer.deviceToken, body };
  };
  const device = await enrol("E2E0000002");
  const other = await enrol("E2E0000003");
  const retiredDevice = await enrol("E2E0000004");
  // A jailbreak retires a device (the demo's RETIRE policy).
  await api.post(`/api/v1/devices/${retiredDevice.id}/check-ins`, {
    headers: { authorization: `Bearer ${retiredDevice.token}` },
    data: { checkInId: crypto.randomUUID(), inventory: retiredDevice.body.inventory, compliance: { ...retiredDevice.body.compliance, jailbroken: true }, azure: retiredDevice.body.azure },
  });
  fixture = { apiKey, revokedApiKey: `crk_${"R".repeat(43)}`, device, other, retired: retiredDevice };

  // What a request could have stored. (Report and Azure states are left out: the server's
  // reporting engine moves them on by itself meanwhile.)
  const get = async <T>(path: string) => (await (await api.get(path, { headers: keyAuth })).json()) as T;
  const snapshot = async () => ({
    devices: (await get<{ total: number }>("/api/v1/devices?size=25")).total,
    ours: (await get<{ items: Record<string, unknown>[] }>("/api/v1/devices?q=E2E000000&size=25")).items.map(({ id, name, osVersion, ownerUpn, clientStatusCode, azureDeviceId, verdict, lastCheckInAt }) => ({ id, name, osVersion, ownerUpn, clientStatusCode, azureDeviceId, verdict, lastCheckInAt })),
    reports: await Promise.all([device, other, retiredDevice].map(async (d) => (await get<{ total: number }>(`/api/v1/reports?deviceId=${d.id}`)).total)),
  });
  const before = await snapshot();
  const sample = fc.sample(hostileRequests(fixture), { numRuns: 300, seed: 20260211 });
  const statuses: Record<number, number> = {};
  for (const r of sample) {
    const res = await api.fetch(r.path, { method: r.method, headers: r.headers, data: r.body === undefined ? undefined : typeof r.body === "string" ? r.body : Buffer.from(r.body) });
    statuses[res.status()] = (statuses[res.status()] ?? 0) + 1;
    const label = `${r.kind}: ${r.method} ${r.path.slice(0, 100)} -> ${res.status()}`;
    expect(res.status(), label).toBeLessThan(500);
    // A path naming no route ("..", "%2F", an empty id) is refused by Next's router before any handler runs.
    if (r.kind === "check-in another path" && [308, 404, 405].includes(res.status())) continue;
    if (r.expect === "refused") expect(REFUSALS, label).toContain(res.status());
    expect(res.headers()["content-type"], label).toContain("application/json");
  }
  console.log(`hostile sample over HTTP: ${JSON.stringify(statuses)}`);
  expect(await snapshot()).toEqual(before);

  const ok = await api.post(`/api/v1/devices/${device.id}/check-ins`, { headers: { authorization: `Bearer ${device.token}` }, data: { checkInId: crypto.randomUUID(), inventory: { ...device.body.inventory, osVersion: "18.4.1" }, compliance: device.body.compliance, azure: device.body.azure } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ reportsQueued: ["INVENTORY_CHANGE"] });
});

test("a revoked key stops working at once, and both changes are audited", async ({ page }) => {
  const spare = await createKey(page, "E2E spare key");
  await page.reload();
  await page.getByRole("button", { name: `Revoke ${spare.slice(0, 12)}` }).click();
  // The page is rendered again: the key's row now says Revoked, and its Revoke button is gone.
  const row = page.getByRole("row").filter({ hasText: spare.slice(0, 12) });
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button")).toHaveCount(0);
  const refused = await api.get("/api/v1/devices", { headers: { authorization: `Bearer ${spare}` } });
  expect(refused.status()).toBe(401);
  expect(JSON.stringify(await refused.json())).toContain("revoked");
  await page.goto("/audit?action=apikey.");
  await expect(page.getByRole("table")).toContainText("apikey.revoke");
  await expect(page.getByRole("table")).toContainText("apikey.create");
});

test("the API reference and the OpenAPI document are served by the app", async ({ page }) => {
  const doc = await api.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(await doc.json()).toMatchObject({ openapi: "3.1.0", paths: { "/api/v1/devices/{id}/check-ins": { post: { operationId: "checkIn" } } } });
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1")) scripts.push(r.url());
  });
  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Device API reference");
  await expect(page.getByRole("heading", { name: /POST \/api\/v1\/devices\/\{id\}\/check-ins/ })).toBeVisible();
  await expect(page.getByText("azure.clientStatusCode").first()).toBeVisible();
  expect(scripts).toEqual([]);
  await page.screenshot({ path: "test-results/screenshots/api-reference.png", fullPage: true });
});
