/**
 * Which Microsoft the client talks to. Configured (AZURE_TENANT_ID, AZURE_CLIENT_ID,
 * AZURE_CLIENT_SECRET): the real login, Graph and Intune hosts. Emulated: the local
 * emulator's URLs, its CA, and the demo app registration it knows. Both produce the same
 * IntuneConnection, so the client code is identical in both modes.
 */
import type { Env } from "../env";
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  EMULATOR_TENANT_ID,
  emulatorCloudDiscoveryMetadata,
  emulatorOpenIdConfiguration,
  emulatorUrls,
} from "./emulator/layout";
import { DEFAULT_GRAPH_HOST } from "./protocol";

export { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, EMULATOR_TENANT_ID } from "./emulator/layout";

export interface IntuneConnection {
  mode: "configured" | "emulated";
  tenantId: string;
  clientId: string;
  /** Read from the environment only; never stored, never logged (log.ts redacts clientSecret). */
  clientSecret: string;
  /** MSAL authority: `{host}/{tenantId}`. */
  authority: string;
  knownAuthorities?: string[];
  /** openid-configuration JSON string, so MSAL does not fetch it. */
  authorityMetadata?: string;
  /** Instance-discovery JSON string, so MSAL does not ask login.microsoftonline.com. */
  cloudDiscoveryMetadata?: string;
  /** Graph base URL, without /v1.0. */
  graphUrl: string;
  /** Host the Graph scope is named after (`{host}/.default`). */
  graphScopeHost: string;
  /** Extra CA to trust for these URLs (the emulator's); undefined = Node's bundled roots only. */
  caPem?: string;
  /** Most HTTPS connections the client opens. */
  connections?: number;
  /** Deadline of one HTTP request. */
  timeoutMs?: number;
}

/** Real Microsoft, from the validated environment; null when it is not configured. */
export function configuredConnection(env: Env): IntuneConnection | null {
  if (!env.AZURE_TENANT_ID || !env.AZURE_CLIENT_ID || !env.AZURE_CLIENT_SECRET) return null;
  const authorityHost = env.AZURE_AUTHORITY_HOST.replace(/\/$/, "");
  const graphHost = env.AZURE_GRAPH_HOST.replace(/\/$/, "");
  return {
    mode: "configured",
    tenantId: env.AZURE_TENANT_ID,
    clientId: env.AZURE_CLIENT_ID,
    clientSecret: env.AZURE_CLIENT_SECRET,
    authority: `${authorityHost}/${env.AZURE_TENANT_ID}`,
    graphUrl: graphHost,
    graphScopeHost: graphHost,
  };
}

export interface EmulatorEndpoint {
  /** e.g. https://127.0.0.1:3443 */
  url: string;
  caPem: string;
}

/** The emulator at `emulator.url`, signed in as the demo app (or other credentials a test gives). */
export function emulatedConnection(
  emulator: EmulatorEndpoint,
  overrides: Partial<Pick<IntuneConnection, "tenantId" | "clientId" | "clientSecret" | "connections" | "timeoutMs">> = {},
): IntuneConnection {
  const origin = emulator.url.replace(/\/$/, "");
  const tenantId = overrides.tenantId ?? EMULATOR_TENANT_ID;
  const urls = emulatorUrls(origin, tenantId);
  return {
    mode: "emulated",
    clientId: EMULATOR_CLIENT_ID,
    clientSecret: EMULATOR_CLIENT_SECRET,
    ...overrides,
    tenantId,
    authority: urls.authority,
    knownAuthorities: [new URL(origin).host],
    authorityMetadata: JSON.stringify(emulatorOpenIdConfiguration(origin, tenantId)),
    cloudDiscoveryMetadata: JSON.stringify(emulatorCloudDiscoveryMetadata(origin)),
    graphUrl: urls.graph,
    // The emulator issues Graph tokens for the real scope name, as Entra does.
    graphScopeHost: DEFAULT_GRAPH_HOST,
    caPem: emulator.caPem,
  };
}
