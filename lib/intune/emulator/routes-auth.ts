/**
 * The emulated Microsoft identity platform: the client-credentials token endpoint (with
 * Entra's AADSTS errors for an unknown tenant, an unknown app, a wrong secret, a wrong
 * grant or scope), the tenant's openid-configuration, and instance discovery.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { graphScope, INTUNE_SCOPE } from "../protocol";
import type { Audience } from "./access-tokens";
import type { EmulatorContext } from "./context";
import { readBody, sendJson } from "./http-util";
import { emulatorCloudDiscoveryMetadata, emulatorOpenIdConfiguration } from "./layout";

const SCOPE_AUDIENCE: Record<string, Audience> = { [INTUNE_SCOPE]: "intune", [graphScope()]: "graph" };

function oauthError(ctx: EmulatorContext, res: ServerResponse, status: number, error: string, aadsts: number, description: string) {
  ctx.stats.tokenRequestsRefused++;
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date(ctx.now()).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  sendJson(res, status, {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
  });
}

export async function handleToken(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, tenant: string) {
  const form = new URLSearchParams(await readBody(req, 64 * 1024));
  if (!ctx.tenants.has(tenant.toLowerCase())) {
    return oauthError(ctx, res, 400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") {
    return oauthError(ctx, res, 400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant ?? ""}'.`);
  }
  const clientId = form.get("client_id") ?? "";
  const expected = ctx.apps.get(clientId.toLowerCase());
  if (expected === undefined) {
    return oauthError(ctx, res, 400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
  }
  const secret = form.get("client_secret");
  if (!secret) {
    return oauthError(ctx, res, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (secret !== expected) {
    return oauthError(ctx, res, 401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
  const audience = scopes.length === 1 ? SCOPE_AUDIENCE[scopes[0]!] : undefined;
  if (!audience) {
    return oauthError(ctx, res, 400, "invalid_scope", 1002012, `The provided value for scope ${scopes.join(" ")} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const { token } = ctx.signer.issue({ tenantId: tenant.toLowerCase(), appId: clientId.toLowerCase(), audience, lifetimeSec: ctx.tokenLifetimeSec });
  ctx.stats.tokensIssued[audience]++;
  sendJson(res, 200, { token_type: "Bearer", expires_in: ctx.tokenLifetimeSec, ext_expires_in: ctx.tokenLifetimeSec, access_token: token });
}

export function handleOpenIdConfiguration(ctx: EmulatorContext, res: ServerResponse, tenant: string) {
  if (!ctx.tenants.has(tenant.toLowerCase())) {
    return sendJson(res, 400, { error: "invalid_tenant", error_description: `AADSTS90002: Tenant '${tenant}' not found.` });
  }
  sendJson(res, 200, emulatorOpenIdConfiguration(ctx.origin, tenant));
}

export function handleInstanceDiscovery(ctx: EmulatorContext, res: ServerResponse) {
  sendJson(res, 200, emulatorCloudDiscoveryMetadata(ctx.origin));
}
