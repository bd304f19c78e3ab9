import type { Permission } from "./permissions";

/**
 * Every route of the app and the permission it requires: pages, route handlers and server
 * actions. "public" = no sign-in needed. lib/auth/routes.test.ts fails when app/ has a page,
 * route handler or exported action missing here (or an entry here that no longer exists),
 * and e2e/permission-matrix.spec.ts requests each one as anonymous, VIEWER, HELPDESK and
 * ADMIN against the built server.
 */
export type Requirement = Permission | "public";

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
};

export interface RouteHandlerEntry {
  methods: Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Requirement>>;
  probe: string;
}

export const ROUTE_HANDLERS: Record<string, RouteHandlerEntry> = {
  // next-auth's Microsoft Entra ID redirect and callback: public by nature.
  "/api/auth/[...nextauth]": { methods: { GET: "public", POST: "public" }, probe: "/api/auth/providers" },
  "/api/audit/export": { methods: { GET: "audit.export" }, probe: "/api/audit/export" },
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
};
