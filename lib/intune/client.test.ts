import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatedConnection, EMULATOR_TENANT_ID } from "./config";
import { createTransport } from "./http";
import { INTUNE_APP_ID, openIdConfigurationSchema } from "./protocol";
import { sampleReport, SAMPLE_DEVICE_ID, SAMPLE_UPN, startTestEmulator, testClient, type TestClient, type TestEmulator } from "./testing";

// Contract tests: the real client (real MSAL, real HTTPS, the emulator's own CA) against the emulator.
describe("IntuneClient against the emulator", () => {
  let emulator: TestEmulator;
  let client: TestClient;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = testClient(emulator);
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  it("discovers the partner endpoints through Graph, picking the providers by name", async () => {
    const endpoints = await client.endpoints();
    expect(endpoints.tenantService).toBe(`${emulator.url}/intune/PartnerTenantDataSyncService`);
    expect(endpoints.deviceService).toBe(`${emulator.url}/intune/PartnerDeviceDataSyncService`);
    expect(client.requested.some((r) => r.includes(`appId%20eq%20'${INTUNE_APP_ID}'`))).toBe(true);
  });

  it("provisions the tenant and reads the answer's body", async () => {
    const answer = await client.provisionTenant({ enrollmentUrl: "https://mdm.example/enroll", remediationUrl: "https://mdm.example/remediate" });
    expect(answer).toMatchObject({ ContextId: EMULATOR_TENANT_ID, Provisioned: 1, ErrorDetail: null });
    expect(await emulator.inspect.tenant()).toMatchObject({ provisioned: 1, enrollmentUrl: "https://mdm.example/enroll" });
  });

  it("creates the partner compliance policy once, finds it afterwards, and assigns it", async () => {
    const policy = { displayName: "MDM compliance (iOS)", description: "Reported by the MDM", platform: "iOS" as const };
    const first = await client.ensurePartnerPolicy(policy);
    const again = await client.ensurePartnerPolicy(policy);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    await expect(client.assignPolicy(first.id, ["1b7c3a4e-2f5d-4c6b-8a9e-0d1f2e3c4b5a"])).resolves.toBeUndefined();
  });

  it("resolves a UPN to a stable Entra user id, asking Graph once", async () => {
    const id = await client.resolveUserId(SAMPLE_UPN);
    expect(await client.resolveUserId(SAMPLE_UPN.toUpperCase())).toBe(id);
    expect(client.requested.filter((r) => r.includes("/users(")).length).toBe(1);
  });

  it("sends a device report that is accepted, pending, then completed, and Entra sees the device", async () => {
    const userId = await client.resolveUserId(SAMPLE_UPN);
    const { messageId } = await client.uploadDeviceReport({ devices: [sampleReport({ userId, complianceStatus: "notCompliant" })] });
    expect((await client.getMessageStatus(messageId)).outcome).toBe("pending");
    expect(await client.lookupDevice(SAMPLE_DEVICE_ID)).toBeNull();

    emulator.advance(10_000);
    expect(await client.getMessageStatus(messageId)).toMatchObject({ outcome: "completed", status: { Status: "Completed" } });
    expect(await client.lookupDevice(SAMPLE_DEVICE_ID)).toMatchObject({ deviceId: SAMPLE_DEVICE_ID, isCompliant: false, isManaged: true, displayName: "Ana's iPhone" });

    const [received] = await emulator.inspect.messages();
    expect(received).toMatchObject({ messageId, status: "Completed", deviceIds: [SAMPLE_DEVICE_ID] });
    expect(received!.entities.map((e) => e.EntityType)).toEqual([1, 4]);
    expect(await emulator.inspect.device(SAMPLE_DEVICE_ID)).toMatchObject({ isCompliant: false, isManaged: true, userId });
  });

  it("retires a device: notManaged, deactivated, not compliant", async () => {
    const userId = await client.resolveUserId(SAMPLE_UPN);
    const { messageId } = await client.uploadDeviceReport({
      devices: [sampleReport({ userId, managementState: "notManaged", lastUpdateTime: new Date("2026-03-11T00:00:00Z") })],
    });
    emulator.advance(10_000);
    expect((await client.getMessageStatus(messageId)).outcome).toBe("completed");
    expect(await emulator.inspect.device(SAMPLE_DEVICE_ID)).toMatchObject({ isManaged: false, isCompliant: false, state: 1 });
  });

  it("reuses cached tokens: one per scope for all the calls above", async () => {
    const stats = await emulator.inspect.stats();
    expect(stats.tokensIssued).toEqual({ intune: 1, graph: 1 });
  });

  it("never sends a request anywhere but the emulator (MSAL included)", () => {
    const hosts = new Set(client.requested.map((r) => new URL(r.split(" ")[1]!).host));
    expect([...hosts]).toEqual([new URL(emulator.url).host]);
    expect(client.requested.some((r) => r.includes("/oauth2/v2.0/token"))).toBe(true);
  });

  it("serves the same openid-configuration that MSAL is given as authorityMetadata", async () => {
    const connection = emulatedConnection(emulator);
    const transport = createTransport({ caPem: emulator.caPem });
    try {
      const res = await transport.request({ method: "GET", url: `${connection.authority}/v2.0/.well-known/openid-configuration` });
      const served = openIdConfigurationSchema.parse(JSON.parse(res.body));
      expect(served).toEqual(JSON.parse(connection.authorityMetadata!));
    } finally {
      transport.close();
    }
  });

  it("does not look up the openid-configuration or instance metadata over the network (given in the config)", () => {
    expect(client.requested.some((r) => r.includes("openid-configuration") || r.includes("discovery/instance"))).toBe(false);
  });
});
