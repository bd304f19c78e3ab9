/**
 * The wire protocol of ../shared/docs/intune-protocol.md in one place: constants, URL
 * shapes and the zod schemas of every body. The client builds and parses with these and
 * the emulator validates with the same ones, so the two cannot drift apart. Request
 * schemas are strict (the emulator must reject what Microsoft would); response schemas
 * are loose (Microsoft adds fields without notice and the client must not break on them).
 */
import { z } from "zod";

/** The Intune API's first-party app (the resource whose app roles the partner app holds). */
export const INTUNE_APP_ID = "0000000a-0000-0000-c000-000000000000";
export const INTUNE_SCOPE = "https://api.manage.microsoft.com//.default"; // the double slash is real
export const INTUNE_AUDIENCE = "https://api.manage.microsoft.com/";
export const DEFAULT_GRAPH_HOST = "https://graph.microsoft.com";
export const graphScope = (graphHost: string = DEFAULT_GRAPH_HOST) => `${graphHost.replace(/\/$/, "")}/.default`;
export const TENANT_PROVIDER = "PartnerTenantDataSyncService";
export const DEVICE_PROVIDER = "PartnerDeviceDataSyncService";
export const TENANT_API_VERSION = "1.6";
export const MESSAGE_API_VERSION = "1.2";

// Microsoft's GUIDs are not always RFC 4122 variants (the Intune appId is not), hence guid().
const guid = z.guid();
const isoTime = z.iso.datetime({ offset: true });

// ---- URLs ---------------------------------------------------------------------------

const trim = (base: string) => base.replace(/\/$/, "");
export const urls = {
  token: (authority: string) => `${trim(authority)}/oauth2/v2.0/token`,
  servicePrincipals: (graph: string) =>
    `${trim(graph)}/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${INTUNE_APP_ID}'`)}`,
  endPoints: (graph: string, spId: string) => `${trim(graph)}/v1.0/servicePrincipals/${encodeURIComponent(spId)}/endPoints`,
  user: (graph: string, upn: string) => `${trim(graph)}/v1.0/users('${encodeURIComponent(upn.replace(/'/g, "''"))}')`,
  device: (graph: string, deviceId: string) =>
    `${trim(graph)}/v1.0/devices?$filter=${encodeURIComponent(`deviceId eq '${deviceId}'`)}` +
    `&$select=id,deviceId,displayName,isCompliant,isManaged,approximateLastSignInDateTime`,
  partnerTenant: (base: string, tenantId: string) =>
    `${trim(base)}/PartnerTenants(guid'${tenantId}')?api-version=${TENANT_API_VERSION}`,
  policies: (base: string) => `${trim(base)}/PartnerCompliancePolicies?api-version=${TENANT_API_VERSION}`,
  assign: (base: string, policyId: string) =>
    `${trim(base)}/PartnerCompliancePolicies(guid'${policyId}')/Assign?api-version=${TENANT_API_VERSION}`,
  message: (base: string, messageId: string) =>
    `${trim(base)}/DataUploadMessages(guid'${messageId}')?api-version=${MESSAGE_API_VERSION}`,
};

/** Path shapes after a discovered base URL (what the emulator routes on). */
export const partnerPaths = {
  partnerTenant: /^\/PartnerTenants\(guid'([^']+)'\)$/,
  policies: /^\/PartnerCompliancePolicies$/,
  assign: /^\/PartnerCompliancePolicies\(guid'([^']+)'\)\/Assign$/,
  message: /^\/DataUploadMessages\(guid'([^']+)'\)$/,
};

// ---- Authentication ---------------------------------------------------------------------

export const tokenResponseSchema = z.looseObject({
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().positive(),
  access_token: z.string().min(1),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** What the Microsoft identity platform answers on a failed token request. */
export const oauthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().optional(),
  error_codes: z.array(z.number()).optional(),
  timestamp: z.string().optional(),
  trace_id: z.string().optional(),
  correlation_id: z.string().optional(),
});

export const openIdConfigurationSchema = z.looseObject({
  token_endpoint: z.url(),
  authorization_endpoint: z.url(),
  issuer: z.string().min(1),
  jwks_uri: z.url(),
});
export type OpenIdConfiguration = z.infer<typeof openIdConfigurationSchema>;

// ---- Errors (Graph style, also used by the partner APIs) -----------------------------------

export const graphErrorSchema = z.looseObject({
  error: z.looseObject({ code: z.string(), message: z.string().optional() }),
});
/** The older OData v3 shape that api-version=1.6 services may use [inferred]. */
export const odataErrorSchema = z.looseObject({
  "odata.error": z.looseObject({
    code: z.string(),
    message: z.union([z.string(), z.looseObject({ value: z.string() })]).optional(),
  }),
});

// ---- Graph --------------------------------------------------------------------------------

export const servicePrincipalListSchema = z.looseObject({
  value: z.array(z.looseObject({ id: z.string().min(1), appId: z.string() })),
});
export const endpointListSchema = z.looseObject({
  value: z.array(z.looseObject({ providerName: z.string(), uri: z.url() })),
});
export const graphUserSchema = z.looseObject({ id: guid, userPrincipalName: z.string().optional() });
export const entraDeviceSchema = z.looseObject({
  id: z.string(),
  deviceId: guid,
  displayName: z.string().nullable().optional(),
  isCompliant: z.boolean().nullable(),
  isManaged: z.boolean().nullable(),
  approximateLastSignInDateTime: z.string().nullable().optional(),
});
export type EntraDevice = z.infer<typeof entraDeviceSchema>;
export const entraDeviceListSchema = z.looseObject({ value: z.array(entraDeviceSchema) });

// ---- Tenant provisioning and partner compliance policies ---------------------------------

export const partnerTenantRequestSchema = z
  .strictObject({
    Provisioned: z.literal([1, 2], { error: "Provisioned must be 1 (provision) or 2 (deprovision)" }),
    PartnerEnrollmentUrl: z.url().optional(),
    PartnerRemediationUrl: z.url().optional(),
  })
  .refine((b) => b.Provisioned === 2 || (b.PartnerEnrollmentUrl && b.PartnerRemediationUrl), {
    message: "PartnerEnrollmentUrl and PartnerRemediationUrl are required to provision (Provisioned: 1)",
  });
export type PartnerTenantRequest = z.infer<typeof partnerTenantRequestSchema>;

export const partnerTenantResponseSchema = z.looseObject({
  ContextId: z.string().nullable().optional(),
  Provisioned: z.number().int(),
  HttpStatusCode: z.number().int().nullable().optional(),
  ErrorDetail: z.string().nullable().optional(),
});
export type PartnerTenantResponse = z.infer<typeof partnerTenantResponseSchema>;

export const POLICY_PLATFORMS = ["iOS", "Android"] as const; // [inferred]: no public source shows the values
export const compliancePolicyRequestSchema = z.strictObject({
  DisplayName: z.string().min(1).max(256),
  Description: z.string().max(1024),
  Platform: z.enum(POLICY_PLATFORMS),
  PartnerManagedCompliance: z.literal(true),
});
export type CompliancePolicyRequest = z.infer<typeof compliancePolicyRequestSchema>;
export const compliancePolicySchema = z.looseObject({
  Id: guid,
  DisplayName: z.string(),
  Platform: z.string(),
});
export type CompliancePolicy = z.infer<typeof compliancePolicySchema>;
export const compliancePolicyListSchema = z.looseObject({ value: z.array(compliancePolicySchema) });
export const assignRequestSchema = z.strictObject({ assignments: z.array(guid).min(1) });

// ---- Device reports -----------------------------------------------------------------------

export const inventoryEntitySchema = z.strictObject({
  EntityType: z.literal(1),
  TenantId: guid,
  DeviceId: guid,
  DeviceName: z.string(),
  UserId: guid,
  DeviceManagementState: z.enum(["managed", "notManaged"]),
  LastCheckInTime: isoTime,
  LastUpdateTime: isoTime,
  Os: z.enum(["iOS", "Android"]),
  OsVersion: z.string(),
  EasIds: z.array(z.string()),
  State: z.literal([0, 1, 2], { error: "State must be the number 0 (activated), 1 (deactivated) or 2 (unresponsive)" }),
  SerialNumber: z.string().optional(),
  Model: z.string().optional(),
  Vendor: z.string().optional(),
  UDID: z.string().optional(),
  UPN: z.string().optional(),
});
export const complianceEntitySchema = z.strictObject({
  EntityType: z.literal(4),
  TenantId: guid,
  DeviceId: guid,
  UserId: guid,
  LastUpdateTime: isoTime,
  complianceStatus: z.enum(["compliant", "notCompliant"]),
});
export const messageEntitySchema = z.discriminatedUnion("EntityType", [inventoryEntitySchema, complianceEntitySchema]);
export type MessageEntity = z.infer<typeof messageEntitySchema>;
/** Content, once JSON.parse'd: both entities of each device, at least one device. */
export const messageContentSchema = z.array(messageEntitySchema).min(1);

export const dataUploadMessageSchema = z.strictObject({
  TenantId: guid,
  UploadTime: isoTime,
  Content: z.string({ error: "Content must be a string holding the JSON array of entities" }).min(2),
});
export type DataUploadMessage = z.infer<typeof dataUploadMessageSchema>;

export const messageStatusSchema = z.looseObject({
  Status: z.string(),
  ErrorCode: z.string().nullable().optional(),
  ErrorDetail: z.string().nullable().optional(),
});
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/** A readable one-line-per-issue explanation, as the emulator's 400 answers carry. */
export function explainIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .map((i) => `${i.path.length ? prefix + i.path.join(".") : prefix.replace(/\.$/, "") || "(body)"}: ${i.message}`)
    .join("; ");
}
