import type { Credential } from "./api-credentials";
import type { Permission } from "./permissions";

/**
 * Every route of the app and the permission it requires: pages, route handlers and server
 * actions. "public" = no sign-in needed. lib/auth/routes.test.ts fails when app/ has a page,
 * route handler or exported action missing here (or an entry here that no longer exists),
 * and e2e/permission-matrix.spec.ts requests each one as anonymous, VIEWER, HELPDESK and
 * ADMIN against the built server.
 * The device API (/api/v1) does not use sessions: "api-key" (an API key, the MDM server's
 * credential) and "device-token" (a device's own token) are bearer credentials checked by
 * lib/api/endpoints.ts serveApi; without one, every caller (signed in or not) gets 401.
 */
export type Requirement = Permission | "public" | Credential;

export interface PageEntry {
  permission: Requirement;
  /** A concrete URL to request (dynamic segments filled in). */
  probe: string;
}

export const PAGES: Record<string, PageEntry> = {
  "/": { permission: "public", probe: "/" }, // redirects to /devices, which checks
  "/signin": { permission: "public", probe: "/signin" },
  "/devices": { permission: "devices.read", probe: "/devices" },
  "/triage": { permission: "triage.read", probe: "/triage" },
  "/audit": { permission: "audit.read", probe: "/audit" },
  "/settings": { permission: "settings.read", probe: "/settings" },
  "/api-reference": { permission: "public", probe: "/api-reference" },
};

export interface RouteHandlerEntry {
  methods: Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Requirement>>;
  probe: string;
}

export const ROUTE_HANDLERS: Record<string, RouteHandlerEntry> = {
  // next-auth's Microsoft Entra ID redirect and callback: public by nature.
  "/api/auth/[...nextauth]": { methods: { GET: "public", POST: "public" }, probe: "/api/auth/providers" },
  "/api/audit/export": { methods: { GET: "audit.export" }, probe: "/api/audit/export" },
  // The device API (lib/api/endpoints.ts) and its contract.
  "/api/v1/enrollments": { methods: { POST: "api-key" }, probe: "/api/v1/enrollments" },
  "/api/v1/devices": { methods: { GET: "api-key" }, probe: "/api/v1/devices" },
  "/api/v1/devices/[id]": { methods: { GET: "device-token" }, probe: "/api/v1/devices/007c8232-9489-4074-9b35-345b16f0a72d" },
  "/api/v1/devices/[id]/check-ins": { methods: { POST: "device-token" }, probe: "/api/v1/devices/007c8232-9489-4074-9b35-345b16f0a72d/check-ins" },
  "/api/v1/reports": { methods: { GET: "api-key" }, probe: "/api/v1/reports" },
  "/api/v1/openapi.json": { methods: { GET: "public" }, probe: "/api/v1/openapi.json" },
};

export interface ActionEntry {
  permission: Requirement;
  /** The page whose form posts it (where the matrix test posts it too). */
  page: string;
}

/** Keyed `<file under app/>#<exported name>`. */
export const ACTIONS: Record<string, ActionEntry> = {
  "actions.ts#setLocaleAction": { permission: "public", page: "/signin" },
  "actions.ts#signOutAction": { permission: "public", page: "/devices" },
  "signin/actions.ts#signInAction": { permission: "public", page: "/signin" },
  "settings/actions.ts#saveIntegrationAction": { permission: "settings.edit", page: "/settings" },
  "settings/actions.ts#saveScheduleAction": { permission: "settings.edit", page: "/settings" },
  "settings/actions.ts#testConnectionAction": { permission: "integration.test", page: "/settings" },
  "settings/actions.ts#provisionTenantAction": { permission: "integration.provision", page: "/settings" },
  "settings/actions.ts#deprovisionTenantAction": { permission: "integration.provision", page: "/settings" },
  "settings/actions.ts#ensurePolicyAction": { permission: "policy.edit", page: "/settings" },
  "settings/actions.ts#runWeeklyNowAction": { permission: "weekly.runNow", page: "/settings" },
  "settings/actions.ts#setEmulatorProvisioningErrorAction": { permission: "settings.edit", page: "/settings" },
  "settings/api-keys/actions.ts#createApiKeyAction": { permission: "apikeys.manage", page: "/settings" },
  "settings/api-keys/actions.ts#revokeApiKeyAction": { permission: "apikeys.manage", page: "/settings" },
};
