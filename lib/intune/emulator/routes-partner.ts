/**
 * The emulated PartnerTenantDataSyncService: tenant provisioning (including Microsoft's
 * HTTP 200 with Provisioned:0 failure) and partner compliance policies (create, 409 on a
 * duplicate, list, assign). Request bodies are validated with the protocol's schemas.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import {
  assignRequestSchema,
  compliancePolicyRequestSchema,
  explainIssues,
  partnerPaths,
  partnerTenantRequestSchema,
  TENANT_API_VERSION,
} from "../protocol";
import type { AccessClaims } from "./access-tokens";
import type { EmulatorContext } from "./context";
import type { StoredPolicy } from "./state";
import { readBody, sendEmpty, sendGraphError, sendJson, tryJson } from "./http-util";

/** Reads and validates a JSON body; answers 400 (with the reasons) and returns null when it is wrong. */
export async function validBody<S extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: S): Promise<z.infer<S> | null> {
  const parsed = tryJson(await readBody(req));
  if (!parsed.ok) {
    sendGraphError(res, 400, "BadRequest", `The request body is not valid JSON: ${parsed.message}`);
    return null;
  }
  const result = schema.safeParse(parsed.value);
  if (!result.success) {
    sendGraphError(res, 400, "BadRequest", `Invalid request body: ${explainIssues(result.error)}`);
    return null;
  }
  return result.data;
}

export function apiVersionOk(url: URL, res: ServerResponse, expected: string): boolean {
  const given = url.searchParams.get("api-version");
  if (given === expected) return true;
  sendGraphError(res, 400, "BadRequest", `The api-version '${given ?? ""}' is missing or not supported for this resource. Supported: ${expected}.`);
  return false;
}

export async function handleTenantService(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL, path: string, claims: AccessClaims) {
  if (!apiVersionOk(url, res, TENANT_API_VERSION)) return;
  const tid = claims.tid;

  const tenant = partnerPaths.partnerTenant.exec(path);
  if (tenant && req.method === "PUT") {
    if (tenant[1]!.toLowerCase() !== tid) {
      return sendGraphError(res, 403, "Forbidden", `The access token's tenant ${tid} may not change tenant ${tenant[1]}.`);
    }
    const body = await validBody(req, res, partnerTenantRequestSchema);
    if (!body) return;
    if (ctx.provisioningError && body.Provisioned === 1) {
      // Microsoft's quiet failure: HTTP 200, but nothing was provisioned.
      return sendJson(res, 200, { ContextId: tid, Provisioned: 0, HttpStatusCode: 200, ErrorDetail: ctx.provisioningError });
    }
    ctx.state.tenants.set(tid, { provisioned: body.Provisioned, enrollmentUrl: body.PartnerEnrollmentUrl, remediationUrl: body.PartnerRemediationUrl });
    return sendJson(res, 200, { ContextId: tid, Provisioned: body.Provisioned, HttpStatusCode: 200, ErrorDetail: null });
  }

  if (partnerPaths.policies.test(path)) {
    const own = [...ctx.state.policies.values()].filter((p) => p.tenantId === tid);
    if (req.method === "GET") return sendJson(res, 200, { value: own.map(shown) });
    if (req.method !== "POST") return sendGraphError(res, 405, "BadRequest", `Method ${req.method} is not supported here.`);
    const body = await validBody(req, res, compliancePolicyRequestSchema);
    if (!body) return;
    if (own.some((p) => p.DisplayName === body.DisplayName && p.Platform === body.Platform)) {
      return sendGraphError(res, 409, "Conflict", `A partner compliance policy named '${body.DisplayName}' already exists for ${body.Platform}.`);
    }
    const policy = { Id: randomUUID(), ...body, tenantId: tid, assignments: [] as string[] };
    ctx.state.policies.set(policy.Id, policy);
    return sendJson(res, 201, shown(policy));
  }

  const assign = partnerPaths.assign.exec(path);
  if (assign && req.method === "POST") {
    const policy = ctx.state.policies.get(assign[1]!.toLowerCase());
    if (!policy || policy.tenantId !== tid) {
      return sendGraphError(res, 404, "NotFound", `No partner compliance policy with id '${assign[1]}'.`);
    }
    const body = await validBody(req, res, assignRequestSchema);
    if (!body) return;
    policy.assignments = [...new Set([...policy.assignments, ...body.assignments])];
    return sendEmpty(res, 204);
  }

  sendGraphError(res, 404, "NotFound", `No resource at '${path}' for ${req.method}.`);
}

/** A policy as Microsoft shows it: without the emulator's bookkeeping. */
const shown = (p: StoredPolicy) => ({
  Id: p.Id,
  DisplayName: p.DisplayName,
  Description: p.Description,
  Platform: p.Platform,
  PartnerManagedCompliance: p.PartnerManagedCompliance,
});
