/**
 * Endpoint discovery: the partner API base URLs are region-dependent and only Graph knows
 * them (the Intune service principal's endPoints). They are cached for a day, shared by
 * concurrent callers, and dropped as soon as a call to one of them fails, since a moved
 * endpoint shows up as exactly such a failure.
 */
import { IntuneError, parseResponse } from "./errors";
import { DEVICE_PROVIDER, endpointListSchema, servicePrincipalListSchema, TENANT_PROVIDER, urls } from "./protocol";

export interface PartnerEndpoints {
  /** Base of PartnerTenants and PartnerCompliancePolicies. */
  tenantService: string;
  /** Base of DataUploadMessages. */
  deviceService: string;
}

/** A Graph GET with token handling; returns the parsed JSON (throws IntuneError). */
export type GraphGet = (url: string, operation: string) => Promise<unknown>;

export interface Discovery {
  endpoints(): Promise<PartnerEndpoints>;
  /** Forget the cached URLs; the next call discovers them again. */
  invalidate(): void;
}

export const DISCOVERY_TTL_MS = 24 * 60 * 60 * 1000;

export function createDiscovery(graphUrl: string, graphGet: GraphGet, ttlMs = DISCOVERY_TTL_MS, now = Date.now): Discovery {
  let cached: { value: PartnerEndpoints; expiresAt: number } | null = null;
  let pending: Promise<PartnerEndpoints> | null = null;
  let generation = 0;

  async function discover(): Promise<PartnerEndpoints> {
    const op = "discoverEndpoints";
    const sps = parseResponse(servicePrincipalListSchema, await graphGet(urls.servicePrincipals(graphUrl), op), op);
    const sp = sps.value[0];
    if (!sp) {
      throw new IntuneError({
        kind: "permanent",
        httpStatus: 200,
        code: "IntuneServicePrincipalNotFound",
        detail: "The tenant has no Intune service principal (is Intune licensed in this tenant, and has the admin consented to the app?)",
        operation: op,
      });
    }
    const list = parseResponse(endpointListSchema, await graphGet(urls.endPoints(graphUrl, sp.id), op), op);
    const find = (provider: string) => {
      const hit = list.value.find((e) => e.providerName === provider);
      if (!hit) {
        throw new IntuneError({
          kind: "permanent",
          httpStatus: 200,
          code: "PartnerEndpointNotFound",
          detail: `The Intune service principal lists no ${provider} endpoint`,
          operation: op,
        });
      }
      return hit.uri;
    };
    return { tenantService: find(TENANT_PROVIDER), deviceService: find(DEVICE_PROVIDER) };
  }

  return {
    async endpoints() {
      if (cached && cached.expiresAt > now()) return cached.value;
      if (!pending) {
        const started = generation;
        pending = discover()
          .then((value) => {
            // An invalidate() during discovery means these URLs may already be known bad.
            if (started === generation) cached = { value, expiresAt: now() + ttlMs };
            return value;
          })
          .finally(() => {
            pending = null;
          });
      }
      return pending;
    },
    invalidate() {
      cached = null;
      generation++;
    },
  };
}
