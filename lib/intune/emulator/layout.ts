/**
 * Where things live on the emulator (its stand-ins for login.microsoftonline.com, Graph and
 * the regional Intune partner hosts, all on one origin) and the demo app registration it
 * knows. Shared by the emulator's router and lib/intune/config.ts, which points the client
 * (and MSAL) at these URLs when Microsoft is not configured.
 */
import { DEMO_DOMAIN } from "../../demo/catalog";
import { DEMO_TENANT_ID } from "../../demo/fixtures";
import { DEVICE_PROVIDER, TENANT_PROVIDER } from "../protocol";

/** The demo customer's tenant: the same GUID the demo data uses, so payloads and emulator state agree. */
export const EMULATOR_TENANT_ID = DEMO_TENANT_ID;
/** The emulated MDM's app registration. Not a secret: it only opens the local emulator. */
export const EMULATOR_CLIENT_ID = "3c9a7f52-64d1-4e0b-9a8e-1f2b7c5d4e60";
export const EMULATOR_CLIENT_SECRET = "emulator-demo-client-secret";
/** Users of this domain exist in the emulated Entra ID; any other UPN is 404. */
export const EMULATOR_USER_DOMAIN = DEMO_DOMAIN;

export const GRAPH_PREFIX = "/graph";
export const INTUNE_PREFIX = "/intune";
export const INSPECT_PREFIX = "/_emulator";

export const emulatorUrls = (origin: string, tenantId: string) => ({
  authority: `${origin}/${tenantId}`,
  token: `${origin}/${tenantId}/oauth2/v2.0/token`,
  openIdConfiguration: `${origin}/${tenantId}/v2.0/.well-known/openid-configuration`,
  graph: `${origin}${GRAPH_PREFIX}`,
  tenantService: `${origin}${INTUNE_PREFIX}/${TENANT_PROVIDER}`,
  deviceService: `${origin}${INTUNE_PREFIX}/${DEVICE_PROVIDER}`,
});

/** The openid-configuration the emulator serves, also handed to MSAL as authorityMetadata. */
export function emulatorOpenIdConfiguration(origin: string, tenantId: string) {
  const base = `${origin}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    tenant_region_scope: "EU",
  };
}

/** MSAL's instance-discovery answer for the emulator's host, so MSAL never asks Microsoft about it. */
export function emulatorCloudDiscoveryMetadata(origin: string) {
  const host = new URL(origin).host;
  return {
    tenant_discovery_endpoint: `${origin}/common/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
