import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { can, type Permission } from "../lib/auth/permissions";
import { ACTIONS, PAGES, ROUTE_HANDLERS, type Requirement } from "../lib/auth/routes";
import { ROLE_NAMES, storageStateOf, type RoleName } from "./roles";

/**
 * The permission matrix, generated from lib/auth/routes.ts (which lib/auth/routes.test.ts
 * keeps complete): every page, route handler and server action requested against the built
 * server as anonymous, VIEWER, HELPDESK and ADMIN.
 *   anonymous on a protected route: redirect to /signin (pages, actions) or 401 (API)
 *   the device API (/api/v1, bearer API key or device token): 401 for everyone without one
 *   signed in without the permission: 403
 *   allowed: 200 (pages, API), and an action that is not refused
 */
const WHO = ["anonymous", ...ROLE_NAMES] as const;
type Who = (typeof WHO)[number];

const allowed = (who: Who, requirement: Requirement) => requirement === "public" || (who !== "anonymous" && can(who as RoleName, requirement as Permission));

async function client(who: Who, baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, storageState: who === "anonymous" ? undefined : storageStateOf(who), maxRedirects: 0 });
}

/** Server action ids from the build's manifest: `<file under app/>#<export>` -> id. */
function actionIds(): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename && entry.exportedName) ids.set(`${entry.filename.replace(/^app\//, "")}#${entry.exportedName}`, id);
  }
  return ids;
}

for (const who of WHO) {
  test.describe(`as ${who}`, () => {
    test("pages", async ({ baseURL }) => {
      const api = await client(who, baseURL!);
      for (const [route, entry] of Object.entries(PAGES)) {
        const res = await api.get(entry.probe);
        const location = res.headers()["location"] ?? "";
        const label = `${who} GET ${route} -> ${res.status()} ${location}`;
        if (entry.permission === "public") expect(res.status() < 400, label).toBe(true);
        else if (who === "anonymous") expect([res.status(), location.startsWith("/signin")], label).toEqual([307, true]);
        else if (allowed(who, entry.permission)) expect(res.status(), label).toBe(200);
        else expect(res.status(), label).toBe(403);
      }
      await api.dispose();
    });

    test("route handlers", async ({ baseURL }) => {
      const api = await client(who, baseURL!);
      for (const [route, entry] of Object.entries(ROUTE_HANDLERS)) {
        for (const [method, requirement] of Object.entries(entry.methods)) {
          if (requirement === "api-key" || requirement === "device-token") {
            // The device API takes bearer credentials only: a session, whatever its role, is no credential.
            const res = await api.fetch(entry.probe, { method, headers: { "content-type": "application/json" }, data: method === "GET" ? undefined : "{}" });
            const body = (await res.json()) as { error?: string; problems?: { field: string }[] };
            expect([res.status(), body.error, body.problems?.[0]?.field], `${who} ${method} ${route}`).toEqual([401, "unauthorized", "Authorization"]);
            continue;
          }
          if (method !== "GET") continue; // POST-only flows (next-auth's OAuth) need a CSRF token: covered by their GET
          const res = await api.get(entry.probe);
          const label = `${who} ${method} ${route} -> ${res.status()}`;
          if (allowed(who, requirement)) expect(res.status(), label).toBe(200);
          else expect(res.status(), label).toBe(who === "anonymous" ? 401 : 403);
        }
      }
      await api.dispose();
    });

    test("server actions", async ({ baseURL }) => {
      const ids = actionIds();
      for (const [key, entry] of Object.entries(ACTIONS)) {
        // A fresh session per action: signOutAction, when allowed, ends the one it is given.
        const api = await client(who, baseURL!);
        const id = ids.get(key);
        expect(id, `${key} is in the build's action manifest`).toBeTruthy();
        // Arguments no action accepts as a valid form: a refused permission answers before validation.
        const res = await api.post(entry.page, { headers: { "Next-Action": id!, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" }, data: "[]" });
        const redirect = res.headers()["x-action-redirect"] ?? res.headers()["location"] ?? "";
        const label = `${who} action ${key} -> ${res.status()} ${redirect}`;
        if (allowed(who, entry.permission)) {
          expect(res.status(), label).not.toBe(403);
          expect(redirect.startsWith("/signin") && entry.permission !== "public", label).toBe(false);
        } else if (who === "anonymous") {
          expect(redirect.startsWith("/signin"), label).toBe(true);
        } else {
          expect(res.status(), label).toBe(403);
        }
        await api.dispose();
      }
    });
  });
}
