import "server-only";
import type { IntuneClient } from "../intune";
import { describeFailure, intuneFailure } from "./intune-failure";

/**
 * "Test connection": a token, endpoint discovery, then the tenant's provisioning state
 * (PUT PartnerTenants with Provisioned: 1 — idempotent; the protocol has no read). Each step
 * with its result; on failure Microsoft's code and ErrorDetail verbatim.
 */
export type StepName = "token" | "discovery" | "provisioning";

export interface StepResult {
  step: StepName;
  outcome: "ok" | "failed" | "skipped";
  httpStatus?: number | null;
  code?: string;
  detail?: string;
}

export interface PartnerUrls {
  enrollmentUrl: string;
  remediationUrl: string;
}

function failure(step: StepName, error: unknown): StepResult {
  const f = describeFailure(error);
  return { step, outcome: "failed", httpStatus: f.httpStatus, code: f.code, detail: f.detail };
}

export async function runConnectionTest(client: IntuneClient, urls: PartnerUrls): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  try {
    // endpoints() needs a Graph token first: a failure there is the token step's.
    const endpoints = await client.endpoints();
    steps.push({ step: "token", outcome: "ok" }, { step: "discovery", outcome: "ok", detail: `${endpoints.tenantService} · ${endpoints.deviceService}` });
  } catch (error) {
    const tokenFailed = intuneFailure(error)?.operation === "acquireToken";
    steps.push(tokenFailed ? failure("token", error) : { step: "token", outcome: "ok" });
    if (!tokenFailed) steps.push(failure("discovery", error));
    else steps.push({ step: "discovery", outcome: "skipped" });
    steps.push({ step: "provisioning", outcome: "skipped" });
    return steps;
  }
  try {
    const answer = await client.provisionTenant(urls);
    steps.push({ step: "provisioning", outcome: "ok", httpStatus: answer.HttpStatusCode ?? 200, detail: `Provisioned: ${answer.Provisioned}` });
  } catch (error) {
    steps.push(failure("provisioning", error));
  }
  return steps;
}
