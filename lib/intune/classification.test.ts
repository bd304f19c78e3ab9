import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMULATOR_CLIENT_ID } from "./config";
import { IntuneError } from "./errors";
import { sampleReport, SAMPLE_UPN, startTestEmulator, testClient, type TestClient, type TestEmulator } from "./testing";

/** The IntuneError a promise rejects with (fails the test if it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<IntuneError> {
  const error = await promise.then(
    () => expect.unreachable("expected a failure"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntuneError);
  return error as IntuneError;
}

describe("failure classification, over real HTTPS and MSAL", () => {
  let emulator: TestEmulator;
  let client: TestClient;
  let userId: string;
  const upload = () => client.uploadDeviceReport({ devices: [sampleReport({ userId })] });

  beforeAll(async () => {
    emulator = await startTestEmulator({ faults: { slowMs: 5_000, retryAfterSec: 7 } });
    client = testClient(emulator, { timeoutMs: 400 });
    userId = await client.resolveUserId(SAMPLE_UPN);
    await client.endpoints();
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });
  beforeEach(() => void (client.requested.length = 0));

  it("5xx: retryable, with Microsoft's code and text verbatim", async () => {
    await emulator.forceFault("serverError", { scope: "partner" });
    const e = await failure(upload());
    expect(e).toMatchObject({ kind: "retryable", httpStatus: 503, code: "ServiceUnavailable", retryAfterMs: null, operation: "uploadDeviceReport" });
    expect(e.detail).toBe("The service is temporarily unavailable. (Emulated fault.)");
  });

  it("429: retryable, carrying Retry-After", async () => {
    await emulator.forceFault("throttle", { scope: "partner" });
    expect(await failure(upload())).toMatchObject({ kind: "retryable", httpStatus: 429, code: "TooManyRequests", retryAfterMs: 7000 });
  });

  it("a dropped connection: retryable, no HTTP status", async () => {
    await emulator.forceFault("drop", { scope: "partner" });
    const e = await failure(upload());
    expect(e).toMatchObject({ kind: "retryable", httpStatus: null });
    expect(["ECONNRESET", "EPIPE"]).toContain(e.code);
  });

  it("a slow answer past the client's deadline: retryable timeout", async () => {
    await emulator.forceFault("slow", { scope: "partner" });
    expect(await failure(upload())).toMatchObject({ kind: "retryable", httpStatus: null, code: "ETIMEDOUT" });
  });

  it("keeps the discovered endpoints through a busy endpoint (5xx), drops them when the endpoint answers 404", async () => {
    await upload();
    await upload();
    const discoveries = () => client.requested.filter((r) => r.includes("/endPoints")).length;
    const cached = discoveries();
    expect(cached).toBeLessThanOrEqual(1); // discovered at most once for both (earlier tests may have dropped the cache)
    await emulator.forceFault("serverError", { scope: "partner" });
    await failure(upload());
    await upload();
    expect(discoveries()).toBe(cached);
    // A message Microsoft does not know: the path answers 404, as a moved endpoint would.
    expect(await failure(client.getMessageStatus("00000000-0000-4000-8000-000000000404"))).toMatchObject({ httpStatus: 404 });
    await upload();
    expect(discoveries()).toBe(cached + 1);
  });

  it("a 401 on a fresh token: one new token (MSAL cache skipped) and one retry, which succeeds", async () => {
    const before = (await emulator.inspect.stats()).tokensIssued.intune;
    await emulator.forceFault("unauthorized", { scope: "partner" });
    await expect(upload()).resolves.toHaveProperty("messageId");
    expect((await emulator.inspect.stats()).tokensIssued.intune).toBe(before + 1);
    // The new token is cached again: the next call asks for none.
    await upload();
    expect((await emulator.inspect.stats()).tokensIssued.intune).toBe(before + 1);
  });

  it("a 401 on the retry too: needs-new-token", async () => {
    await emulator.forceFault("unauthorized", { scope: "partner", count: 2 });
    expect(await failure(upload())).toMatchObject({ kind: "new_token", httpStatus: 401, code: "InvalidAuthenticationToken" });
  });

  it("with every fresh token rejected once (share 1), calls fail as new_token until the tokens are no longer fresh", async () => {
    const fresh = testClient(emulator);
    await emulator.setFaults({ unauthorized: 1 });
    try {
      const before = (await emulator.inspect.stats()).tokensIssued;
      const send = () => fresh.uploadDeviceReport({ devices: [sampleReport({ userId })] });
      // Graph's first token and its replacement are both fresh (discovery fails), then the same for the Intune token.
      expect(await failure(send())).toMatchObject({ kind: "new_token", operation: "discoverEndpoints" });
      expect(await failure(send())).toMatchObject({ kind: "new_token", operation: "uploadDeviceReport" });
      await expect(send()).resolves.toHaveProperty("messageId");
      const after = (await emulator.inspect.stats()).tokensIssued;
      expect(after).toEqual({ intune: before.intune + 2, graph: before.graph + 2 });
    } finally {
      await emulator.setFaults({ unauthorized: 0 });
      fresh.close();
    }
  });

  it("400: permanent, with the emulator's explanation", async () => {
    const { id } = await client.ensurePartnerPolicy({ displayName: "P", description: "", platform: "Android" });
    const e = await failure(client.assignPolicy(id, ["not-a-guid"]));
    expect(e).toMatchObject({ kind: "permanent", httpStatus: 400, code: "BadRequest" });
    expect(e.detail).toContain("assignments.0");
  });

  it("404 for an unknown policy: permanent", async () => {
    const e = await failure(client.assignPolicy("00000000-0000-4000-8000-000000000000", ["1b7c3a4e-2f5d-4c6b-8a9e-0d1f2e3c4b5a"]));
    expect(e).toMatchObject({ kind: "permanent", httpStatus: 404, code: "NotFound" });
  });

  it("404 for an unknown user: permanent", async () => {
    expect(await failure(client.resolveUserId("someone@unknown.example"))).toMatchObject({
      kind: "permanent",
      httpStatus: 404,
      code: "Request_ResourceNotFound",
    });
  });

  it("a provisioning answered HTTP 200 with Provisioned:0 is a failure whose ErrorDetail reaches the caller", async () => {
    const detail = "Tenant 5f3c1d2e-8a47-4b6e-9c1f-2d7a9e4b6c30 is not licensed for Microsoft Intune.";
    await emulator.setProvisioningError(detail);
    try {
      const e = await failure(client.provisionTenant({ enrollmentUrl: "https://mdm.example/e", remediationUrl: "https://mdm.example/r" }));
      expect(e).toMatchObject({ kind: "permanent", httpStatus: 200, code: "NotProvisioned", detail });
    } finally {
      await emulator.setProvisioningError(null);
    }
  });

  it("a Failed message status keeps ErrorCode and ErrorDetail", async () => {
    await emulator.forceFault("failedStatus");
    const { messageId } = await upload();
    emulator.advance(10_000);
    expect(await client.getMessageStatus(messageId)).toMatchObject({
      outcome: "failed",
      status: { Status: "Failed", ErrorCode: "ProcessingFailed" },
    });
  });

  it("the token endpoint's 503: retryable", async () => {
    const fresh = testClient(emulator);
    try {
      await emulator.forceFault("serverError", { scope: "token" });
      expect(await failure(fresh.resolveUserId(SAMPLE_UPN))).toMatchObject({ kind: "retryable", httpStatus: 503, code: "temporarily_unavailable", operation: "acquireToken" });
    } finally {
      fresh.close();
    }
  });
});

describe("authentication failures", () => {
  let emulator: TestEmulator;
  beforeAll(async () => void (emulator = await startTestEmulator()));
  afterAll(async () => void (await emulator?.close()));

  it("a wrong client secret reports invalid_client (AADSTS7000215) to the caller, as permanent", async () => {
    const client = testClient(emulator, { clientSecret: "not-the-secret" });
    try {
      const e = await failure(client.uploadDeviceReport({ devices: [sampleReport({ userId: "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b" })] }));
      expect(e).toMatchObject({ kind: "permanent", httpStatus: 401, code: "invalid_client", operation: "acquireToken" });
      expect(e.detail).toMatch(/^AADSTS7000215: Invalid client secret provided/);
      expect(e.message).not.toContain("not-the-secret");
    } finally {
      client.close();
    }
  });

  it("an unknown tenant: permanent, AADSTS90002", async () => {
    const client = testClient(emulator, { tenantId: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a" });
    try {
      const e = await failure(client.resolveUserId(SAMPLE_UPN));
      expect(e).toMatchObject({ kind: "permanent", httpStatus: 400, code: "invalid_request" });
      expect(e.detail).toMatch(/^AADSTS90002: Tenant '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' not found/);
    } finally {
      client.close();
    }
  });

  it("an unknown app: permanent, unauthorized_client", async () => {
    const client = testClient(emulator, { clientId: "0f0e0d0c-0b0a-4909-8807-060504030201" });
    try {
      expect(await failure(client.resolveUserId(SAMPLE_UPN))).toMatchObject({ kind: "permanent", code: "unauthorized_client" });
    } finally {
      client.close();
    }
  });

  it("the demo app's credentials work", () => expect(EMULATOR_CLIENT_ID).toMatch(/^[0-9a-f-]{36}$/));
});
