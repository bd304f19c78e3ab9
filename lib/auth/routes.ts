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

/**
 * A device every demo fleet has: the first one the default DEMO_SEED generates (the same id
 * whatever the fleet's size; lib/auth/probe-device.test.ts checks it). The matrix probes the
 * device page and its actions with it.
 */
export const PROBE_DEVICE_ID = "1e2ceb0c-e3ba-4fec-85a1-260c69e38cba";

export const PAGES: Record<string, PageEntry> = {
  "/": { permission: "public", probe: "/" }, // redirects to /devices, which checks
  "/signin": { permission: "public", probe: "/signin" },
  "/devices": { permission: "devices.read", probe: "/devices" },
  "/devices/[id]": { permission: "devices.read", probe: `/devices/${PROBE_DEVICE_ID}` },
  "/triage": { permission: "triage.read", probe: "/triage" },
  "/audit": { permission: "audit.read", probe: "/audit" },
  "/policies": { permission: "policies.read", probe: "/policies" },
  "/policies/new": { permission: "policy.edit", probe: "/policies/new" },
  // The demo's "Minimum OS version" policy (DEMO_SEED 20260211; lib/policies/probe.test.ts keeps it so).
  "/policies/[id]": { permission: "policy.edit", probe: "/policies/e9434d04-89ff-4c44-b732-f3b61bf7e180" },
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
  "/api/devices/export": { methods: { GET: "devices.read" }, probe: "/api/devices/export?clientStatus=User_Canceled" },
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
  "settings/actions.ts#failNextEmulatorReportsAction": { permission: "settings.edit", page: "/settings" },
  "devices/actions.ts#resyncSelectedAction": { permission: "device.resync", page: "/devices" },
  "devices/actions.ts#resyncFilterAction": { permission: "device.resync", page: "/devices" },
  "devices/[id]/actions.ts#resyncDeviceAction": { permission: "device.resync", page: `/devices/${PROBE_DEVICE_ID}` },
  "devices/[id]/actions.ts#retireDeviceAction": { permission: "device.retire", page: `/devices/${PROBE_DEVICE_ID}` },
  "settings/api-keys/actions.ts#createApiKeyAction": { permission: "apikeys.manage", page: "/settings" },
  "settings/api-keys/actions.ts#revokeApiKeyAction": { permission: "apikeys.manage", page: "/settings" },
  // Posted where their forms are (a page that does not use an action does not serve it).
  "policies/actions.ts#savePolicyAction": { permission: "policy.edit", page: "/policies/new" },
  "policies/actions.ts#deletePolicyAction": { permission: "policy.edit", page: "/policies/e9434d04-89ff-4c44-b732-f3b61bf7e180" },
};
