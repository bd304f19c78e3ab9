import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDataUploadMessage, buildDeviceEntities } from "../../domain/report-payload";
import { emulatedConnection, EMULATOR_TENANT_ID } from "../config";
import { createTransport, type Transport } from "../http";
import { urls } from "../protocol";
import { sampleReport, startTestEmulator, type TestEmulator } from "../testing";
import { createTokenProvider } from "../tokens";

type Json = Record<string, unknown>;
const USER = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";

function validEntities(): Json[] {
  return buildDeviceEntities({ ...sampleReport({ userId: USER }), tenantId: EMULATOR_TENANT_ID }) as unknown as Json[];
}
function body(entities: unknown[] = validEntities(), over: Json = {}): Json {
  return { ...buildDataUploadMessage({ tenantId: EMULATOR_TENANT_ID, uploadTime: new Date(), entities: [] }), Content: JSON.stringify(entities), ...over };
}
function mutate(index: number, change: (e: Json) => void): Json {
  const entities = validEntities();
  change(entities[index]!);
  return body(entities);
}

// Each variant is a mistake a partner could make; the emulator must refuse it as Microsoft would: 400 and why.
const MALFORMED: [string, Json | string, RegExp][] = [
  ["Content as an array instead of a string", body(undefined, { Content: validEntities() }), /Content: Content must be a string/],
  ["Content that is not JSON", body(undefined, { Content: "[{" }), /Content is not valid JSON/],
  ["Content with no entity", body([]), /Invalid Content/],
  ["missing EasIds", mutate(0, (e) => delete e.EasIds), /Content\.0\.EasIds/],
  ["State as a string", mutate(0, (e) => (e.State = "0")), /Content\.0\.State/],
  ["unknown complianceStatus", mutate(1, (e) => (e.complianceStatus = "compliantish")), /Content\.1\.complianceStatus/],
  ["an unknown EntityType", mutate(1, (e) => (e.EntityType = 3)), /Content\.1\.EntityType/],
  ["DeviceId not a GUID", mutate(0, (e) => (e.DeviceId = "ana-iphone")), /Content\.0\.DeviceId/],
  ["LastUpdateTime not ISO-8601", mutate(1, (e) => (e.LastUpdateTime = "yesterday")), /Content\.1\.LastUpdateTime/],
  ["a misspelt field", mutate(1, (e) => ((e.ComplianceStatus = "compliant"), delete e.complianceStatus)), /Content\.1/],
  ["a device without its compliance entity", body([validEntities()[0]]), /exactly one inventory \(EntityType 1\) and one compliance/],
  ["an entity of another tenant", mutate(0, (e) => (e.TenantId = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")), /differs from the message's TenantId/],
  ["a message for another tenant", body(undefined, { TenantId: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a" }), /does not match the tenant of the access token/],
  ["missing UploadTime", (() => { const b = body(); delete b.UploadTime; return b; })(), /UploadTime/],
  ["an extra top-level field", body(undefined, { Extra: 1 }), /Unrecognized key/],
  ["a body that is not JSON", "{not json", /not valid JSON/],
];

describe("DataUploadMessages validation", () => {
  let emulator: TestEmulator;
  let transport: Transport;
  let token: string;
  const base = () => `${emulator.url}/intune/PartnerDeviceDataSyncService`;
  const put = (payload: Json | string, url = urls.message(base(), randomUUID()), auth = token) =>
    transport.request({
      method: "PUT",
      url,
      headers: { authorization: `Bearer ${auth}`, "content-type": "application/json" },
      body: typeof payload === "string" ? payload : JSON.stringify(payload),
    });

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const connection = emulatedConnection(emulator);
    transport = createTransport({ caPem: connection.caPem });
    token = await createTokenProvider(connection, transport).getToken("intune");
  });
  afterAll(async () => {
    transport?.close();
    await emulator?.close();
  });

  it("accepts the message the domain builders produce", async () => {
    expect((await put(body())).status).toBe(204);
  });

  it.each(MALFORMED)("rejects %s with 400 and an explanation", async (_name, payload, reason) => {
    const res = await put(payload);
    expect(res.status).toBe(400);
    const error = JSON.parse(res.body).error;
    expect(error.code).toBe("BadRequest");
    expect(error.message).toMatch(reason);
  });

  it("rejects a wrong or missing api-version", async () => {
    const url = urls.message(base(), randomUUID());
    expect((await put(body(), url.replace("api-version=1.2", "api-version=1.6"))).status).toBe(400);
    expect((await put(body(), url.replace("?api-version=1.2", ""))).status).toBe(400);
  });

  it("rejects a Graph token at the partner API (distinct audiences per scope)", async () => {
    const connection = emulatedConnection(emulator);
    const graphToken = await createTokenProvider(connection, transport).getToken("graph");
    const res = await put(body(), undefined, graphToken);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.message).toMatch(/Invalid audience/);
  });

  it("accepts the same message id twice only with the same body", async () => {
    const url = urls.message(base(), randomUUID());
    const payload = body();
    expect((await put(payload, url)).status).toBe(204);
    expect((await put(payload, url)).status).toBe(204);
    expect((await put(body(), url)).status).toBe(409);
    expect((await emulator.inspect.stats()).duplicateMessages).toBe(1);
  });

  it("counts every rejection", async () => {
    expect((await emulator.inspect.stats()).messagesRejected).toBeGreaterThanOrEqual(MALFORMED.length);
  });
});
