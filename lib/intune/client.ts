/**
 * The Intune partner client: what the rest of the product calls to provision the tenant,
 * manage the partner compliance policy, send device reports and poll them, and look users
 * and devices up in Entra ID. Same code against real Microsoft and the emulator; only the
 * IntuneConnection differs. Every failure is an IntuneError (errors.ts).
 */
import { randomUUID } from "node:crypto";
import { buildDataUploadMessage, buildDeviceEntities, type DeviceEntitiesInput } from "../domain/report-payload";
import { createCall } from "./calls";
import type { IntuneConnection } from "./config";
import { createDiscovery, type PartnerEndpoints } from "./discovery";
import { IntuneError, parseResponse } from "./errors";
import { createTransport, type TransportOptions } from "./http";
import {
  compliancePolicyListSchema,
  compliancePolicySchema,
  dataUploadMessageSchema,
  entraDeviceListSchema,
  explainIssues,
  messageContentSchema,
  messageStatusSchema,
  partnerTenantResponseSchema,
  urls,
  type EntraDevice,
  type MessageStatus,
  type PartnerTenantResponse,
} from "./protocol";
import { createTokenProvider } from "./tokens";
import { createUserDirectory } from "./users";

export type DeviceReport = Omit<DeviceEntitiesInput, "tenantId">;

export interface MessageOutcome {
  outcome: "completed" | "failed" | "pending";
  /** Microsoft's Status, ErrorCode and ErrorDetail, verbatim. */
  status: MessageStatus;
}

export interface IntuneClient {
  readonly mode: IntuneConnection["mode"];
  readonly tenantId: string;
  provisionTenant(urls: { enrollmentUrl: string; remediationUrl: string }): Promise<PartnerTenantResponse>;
  deprovisionTenant(): Promise<PartnerTenantResponse>;
  ensurePartnerPolicy(policy: { displayName: string; description: string; platform: "iOS" | "Android" }): Promise<{ id: string; created: boolean }>;
  assignPolicy(policyId: string, groupIds: string[]): Promise<void>;
  /** PUTs one DataUploadMessage (reuse `messageId` when retrying the same report: the PUT is idempotent); resolves with the answer status (204). */
  uploadDeviceReport(report: { messageId?: string; uploadTime?: Date; devices: DeviceReport[] }): Promise<{ messageId: string; httpStatus: number }>;
  getMessageStatus(messageId: string): Promise<MessageOutcome>;
  /** Entra user object id of a UPN (cached). */
  resolveUserId(upn: string): Promise<string>;
  /** What Entra ID believes about a device, by its Entra device ID; null when Entra has no such device. */
  lookupDevice(deviceId: string): Promise<EntraDevice | null>;
  /** The discovered partner URLs (cached). */
  endpoints(): Promise<PartnerEndpoints>;
  close(): void;
}

export function createIntuneClient(connection: IntuneConnection, transportOptions: Pick<TransportOptions, "observe"> = {}): IntuneClient {
  const transport = createTransport({
    caPem: connection.caPem,
    connections: connection.connections,
    timeoutMs: connection.timeoutMs,
    observe: transportOptions.observe,
  });
  const tokens = createTokenProvider(connection, transport);
  const call = createCall(transport, tokens);
  const graphGet = async (url: string, operation: string) => (await call({ resource: "graph", method: "GET", url, operation })).json;
  const discovery = createDiscovery(connection.graphUrl, graphGet);
  const users = createUserDirectory(connection.graphUrl, graphGet);
  const { tenantId } = connection;

  const partner = async (
    service: keyof PartnerEndpoints,
    method: "GET" | "POST" | "PUT",
    build: (base: string) => string,
    operation: string,
    body?: unknown,
    accept?: readonly number[],
  ) => {
    const base = (await discovery.endpoints())[service];
    return call({ resource: "intune", method, url: build(base), body, operation, accept, onDiscoveredUrlFailure: discovery.invalidate });
  };

  async function setProvisioned(provisioned: 1 | 2, body: object, operation: string) {
    const res = await partner("tenantService", "PUT", (b) => urls.partnerTenant(b, tenantId), operation, { Provisioned: provisioned, ...body });
    const answer = parseResponse(partnerTenantResponseSchema, res.json, operation);
    // HTTP 200 is not success: Microsoft reports a refused provisioning in the body.
    if (answer.ErrorDetail || answer.Provisioned !== provisioned) {
      throw new IntuneError({
        kind: "permanent",
        httpStatus: res.status,
        code: answer.Provisioned === 0 ? "NotProvisioned" : "ProvisioningFailed",
        detail: answer.ErrorDetail ?? `Microsoft answered Provisioned: ${answer.Provisioned}`,
        operation,
      });
    }
    return answer;
  }

  return {
    mode: connection.mode,
    tenantId,
    provisionTenant: ({ enrollmentUrl, remediationUrl }) =>
      setProvisioned(1, { PartnerEnrollmentUrl: enrollmentUrl, PartnerRemediationUrl: remediationUrl }, "provisionTenant"),
    deprovisionTenant: () => setProvisioned(2, {}, "deprovisionTenant"),

    async ensurePartnerPolicy({ displayName, description, platform }) {
      const op = "ensurePartnerPolicy";
      const body = { DisplayName: displayName, Description: description, Platform: platform, PartnerManagedCompliance: true };
      const created = await partner("tenantService", "POST", urls.policies, op, body, [409]);
      if (created.status !== 409) return { id: parseResponse(compliancePolicySchema, created.json, op).Id, created: true };
      const list = parseResponse(compliancePolicyListSchema, (await partner("tenantService", "GET", urls.policies, op)).json, op);
      const existing = list.value.find((p) => p.DisplayName === displayName && p.Platform === platform);
      if (!existing) {
        throw new IntuneError({ kind: "permanent", httpStatus: 409, code: "Conflict", detail: `policy "${displayName}" exists but is not listed`, operation: op });
      }
      return { id: existing.Id, created: false };
    },

    async assignPolicy(policyId, groupIds) {
      await partner("tenantService", "POST", (b) => urls.assign(b, policyId), "assignPolicy", { assignments: groupIds });
    },

    async uploadDeviceReport({ messageId = randomUUID(), uploadTime = new Date(), devices }) {
      const op = "uploadDeviceReport";
      const entities = devices.flatMap((d) => buildDeviceEntities({ ...d, tenantId }));
      const body = buildDataUploadMessage({ tenantId, uploadTime, entities });
      assertValidMessage(body, entities, op);
      const res = await partner("deviceService", "PUT", (b) => urls.message(b, messageId), op, body);
      return { messageId, httpStatus: res.status };
    },

    async getMessageStatus(messageId) {
      const op = "getMessageStatus";
      const res = await partner("deviceService", "GET", (b) => urls.message(b, messageId), op);
      const status = parseResponse(messageStatusSchema, res.json, op);
      const outcome = status.Status === "Completed" ? "completed" : status.Status === "Failed" ? "failed" : "pending";
      return { outcome, status };
    },

    resolveUserId: (upn) => users.resolve(upn),

    async lookupDevice(deviceId) {
      const op = "lookupDevice";
      const res = await call({ resource: "graph", method: "GET", url: urls.device(connection.graphUrl, deviceId), operation: op });
      return parseResponse(entraDeviceListSchema, res.json, op).value[0] ?? null;
    },

    endpoints: () => discovery.endpoints(),
    close: () => transport.close(),
  };
}

/** Checked before sending: a message Microsoft would reject is a bug here, not a reason to call out. */
function assertValidMessage(body: unknown, entities: unknown, operation: string) {
  const problems = [dataUploadMessageSchema.safeParse(body), messageContentSchema.safeParse(entities)]
    .map((r, i) => (r.success ? "" : explainIssues(r.error, i === 0 ? "" : "Content.")))
    .filter(Boolean);
  if (problems.length) {
    throw new IntuneError({ kind: "permanent", httpStatus: null, code: "InvalidMessage", detail: problems.join("; "), operation });
  }
}
