import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { buildDataUploadMessage, buildDeviceEntities, type ComplianceEntity, type InventoryEntity } from "../domain/report-payload";
import {
  complianceEntitySchema,
  dataUploadMessageSchema,
  explainIssues,
  graphScope,
  inventoryEntitySchema,
  messageContentSchema,
  partnerPaths,
  partnerTenantRequestSchema,
  urls,
} from "./protocol";
import { sampleReport } from "./testing";

// Compile-time: what lib/domain builds must be what the protocol accepts (a type error here means they drifted).
const _inventory: z.infer<typeof inventoryEntitySchema> = {} as InventoryEntity;
const _compliance: z.infer<typeof complianceEntitySchema> = {} as ComplianceEntity;
void [_inventory, _compliance];

const TENANT = "5f3c1d2e-8a47-4b6e-9c1f-2d7a9e4b6c30";

describe("the protocol module", () => {
  it("accepts exactly what the domain's payload builders produce, Content as a JSON string", () => {
    const entities = buildDeviceEntities({ ...sampleReport({ userId: "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b" }), tenantId: TENANT });
    const body = buildDataUploadMessage({ tenantId: TENANT, uploadTime: new Date(), entities });
    expect(dataUploadMessageSchema.safeParse(body).success).toBe(true);
    expect(typeof body.Content).toBe("string");
    expect(messageContentSchema.parse(JSON.parse(body.Content))).toEqual(entities);
  });

  it("builds the documented URLs", () => {
    const base = "https://fef.msub01.manage.microsoft.com/PartnerDeviceDataSyncService";
    expect(urls.message(base, "a1b2c3d4-0000-4000-8000-000000000001")).toBe(
      `${base}/DataUploadMessages(guid'a1b2c3d4-0000-4000-8000-000000000001')?api-version=1.2`,
    );
    expect(urls.partnerTenant("https://x/PartnerTenantDataSyncService/", TENANT)).toBe(
      `https://x/PartnerTenantDataSyncService/PartnerTenants(guid'${TENANT}')?api-version=1.6`,
    );
    expect(decodeURIComponent(urls.servicePrincipals("https://graph.microsoft.com"))).toBe(
      "https://graph.microsoft.com/v1.0/servicePrincipals?$filter=appId eq '0000000a-0000-0000-c000-000000000000'",
    );
    expect(urls.user("https://graph.microsoft.com", "o'neil@contoso.example")).toBe("https://graph.microsoft.com/v1.0/users('o''neil%40contoso.example')");
    expect(graphScope("https://graph.microsoft.us/")).toBe("https://graph.microsoft.us/.default");
  });

  it("routes the partner paths the client builds", () => {
    const path = new URL(urls.assign("https://x", "a1b2c3d4-0000-4000-8000-000000000001")).pathname;
    expect(partnerPaths.assign.exec(decodeURIComponent(path))?.[1]).toBe("a1b2c3d4-0000-4000-8000-000000000001");
  });

  it("requires the partner URLs to provision but not to deprovision", () => {
    expect(partnerTenantRequestSchema.safeParse({ Provisioned: 1 }).success).toBe(false);
    expect(partnerTenantRequestSchema.safeParse({ Provisioned: 2 }).success).toBe(true);
    expect(partnerTenantRequestSchema.safeParse({ Provisioned: 0 }).success).toBe(false);
  });

  it("explains every issue on one line, with its path", () => {
    const result = messageContentSchema.safeParse([{ EntityType: 4, complianceStatus: "maybe" }]);
    expect(result.success).toBe(false);
    const text = explainIssues(result.error!, "Content.");
    expect(text).toContain("Content.0.complianceStatus");
    expect(text).toContain("Content.0.DeviceId");
  });
});
