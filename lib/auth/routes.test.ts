import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointName } from "../api/endpoints";
import type { Credential } from "./api-credentials";
import { can, PERMISSION_NAMES, PERMISSIONS, ROLES } from "./permissions";
import { ACTIONS, PAGES, ROUTE_HANDLERS } from "./routes";

const CREDENTIALS: Credential[] = ["api-key", "device-token"];

const appDir = path.resolve(import.meta.dirname, "../../app");

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

const files = walk(appDir).map((f) => path.relative(appDir, f).split(path.sep).join("/"));

function routeOf(file: string): string {
  const segments = file.split("/").slice(0, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** Exported functions of a "use server" file, with their source text. */
function exportedActions(file: string): Map<string, string> {
  const source = fs.readFileSync(path.join(appDir, file), "utf8");
  const found = new Map<string, string>();
  const re = /export\s+async\s+function\s+(\w+)/g;
  const starts = [...source.matchAll(re)];
  starts.forEach((m, i) => found.set(m[1]!, source.slice(m.index, starts[i + 1]?.index ?? source.length)));
  expect(/export\s+(const|let|var|default)\b/.test(source), `${file} exports something that is not an async function`).toBe(false);
  return found;
}

const pageFiles = files.filter((f) => /(^|\/)page\.tsx?$/.test(f));
const routeFiles = files.filter((f) => /(^|\/)route\.tsx?$/.test(f));
const actionFiles = files.filter((f) => /\.tsx?$/.test(f) && /^\s*["']use server["']/.test(fs.readFileSync(path.join(appDir, f), "utf8")));

describe("every route has an entry in the permission registry", () => {
  it("pages", () => {
    expect(pageFiles.map(routeOf).sort()).toEqual(Object.keys(PAGES).sort());
  });

  it("route handlers and their methods", () => {
    expect(routeFiles.map(routeOf).sort()).toEqual(Object.keys(ROUTE_HANDLERS).sort());
    for (const file of routeFiles) {
      const source = fs.readFileSync(path.join(appDir, file), "utf8");
      const methods = [...source.matchAll(/export\s+(?:async\s+function\s+|\{[^}]*?\bas\s+)?(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
      const also = [...source.matchAll(/as (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
      expect([...new Set([...methods, ...also])].sort(), file).toEqual(Object.keys(ROUTE_HANDLERS[routeOf(file)]!.methods).sort());
    }
  });

  it("server actions", () => {
    const found = actionFiles.flatMap((file) => [...exportedActions(file).keys()].map((name) => `${file}#${name}`));
    expect(found.sort()).toEqual(Object.keys(ACTIONS).sort());
  });
});

describe("every protected route checks its own permission on the server", () => {
  it("pages call requirePermission with their registry permission", () => {
    for (const file of pageFiles) {
      const entry = PAGES[routeOf(file)]!;
      if (entry.permission === "public") continue;
      expect(fs.readFileSync(path.join(appDir, file), "utf8"), file).toContain(`requirePermission("${entry.permission}"`);
    }
  });

  it("route handlers call authorizeApi with theirs", () => {
    for (const file of routeFiles) {
      for (const permission of Object.values(ROUTE_HANDLERS[routeOf(file)]!.methods)) {
        if (permission === "public" || CREDENTIALS.includes(permission as Credential)) continue;
        expect(fs.readFileSync(path.join(appDir, file), "utf8"), file).toContain(`authorizeApi("${permission}")`);
      }
    }
  });

  it("device API route handlers call serveApi with an endpoint of their method and credential", () => {
    for (const file of routeFiles) {
      const entry = ROUTE_HANDLERS[routeOf(file)]!;
      const source = fs.readFileSync(path.join(appDir, file), "utf8");
      for (const [method, requirement] of Object.entries(entry.methods)) {
        if (!CREDENTIALS.includes(requirement as Credential)) continue;
        const body = source.slice(source.search(new RegExp(`function ${method}\\b`)));
        const name = /serveApi\(await apiContext\(\), "(\w+)"/.exec(body)?.[1] as EndpointName | undefined;
        expect(name, `${file} ${method} calls serveApi`).toBeDefined();
        const endpoint = ENDPOINTS[name!];
        expect([endpoint.method, endpoint.credential, endpoint.path.replace(/\{(\w+)\}/g, "[$1]")], file).toEqual([method, requirement, routeOf(file)]);
      }
    }
    // Every endpoint has its route.
    for (const endpoint of Object.values(ENDPOINTS)) {
      expect(ROUTE_HANDLERS[endpoint.path.replace(/\{(\w+)\}/g, "[$1]")]?.methods[endpoint.method], endpoint.path).toBe(endpoint.credential);
    }
  });

  it("actions call requirePermission with theirs (or a helper that does)", () => {
    for (const file of actionFiles) {
      for (const [name, body] of exportedActions(file)) {
        const entry = ACTIONS[`${file}#${name}`]!;
        if (entry.permission === "public") continue;
        const direct = body.includes(`requirePermission("${entry.permission}"`);
        // setProvisioning(...) is a local helper that checks integration.provision.
        const helper = /return setProvisioning\(/.test(body) && entry.permission === "integration.provision";
        expect(direct || helper, `${file}#${name} must call requirePermission("${entry.permission}")`).toBe(true);
      }
    }
  });
});

describe("the permission table", () => {
  it("ADMIN may do everything; VIEWER only reads", () => {
    for (const p of PERMISSION_NAMES) expect(can("ADMIN", p)).toBe(true);
    expect(PERMISSION_NAMES.filter((p) => can("VIEWER", p)).sort()).toEqual(["audit.export", "audit.read", "devices.read", "policies.read", "triage.read"]);
  });
  it("HELPDESK reads and resyncs; no settings, retire or policy changes", () => {
    expect(can("HELPDESK", "device.resync")).toBe(true);
    for (const p of ["settings.read", "settings.edit", "device.retire", "policy.edit", "integration.provision", "weekly.runNow", "apikeys.manage"] as const) expect(can("HELPDESK", p)).toBe(false);
  });
  it("nobody without a role may do anything", () => {
    for (const p of PERMISSION_NAMES) expect(can(null, p)).toBe(false);
    expect(Object.values(PERMISSIONS).every((roles) => roles.every((r) => (ROLES as readonly string[]).includes(r)))).toBe(true);
  });
  it("every registry entry names a known permission", () => {
    const used = [...Object.values(PAGES).map((p) => p.permission), ...Object.values(ROUTE_HANDLERS).flatMap((r) => Object.values(r.methods)), ...Object.values(ACTIONS).map((a) => a.permission)];
    for (const p of used) expect(p === "public" || CREDENTIALS.includes(p as Credential) || (PERMISSION_NAMES as string[]).includes(p)).toBe(true);
  });
});
