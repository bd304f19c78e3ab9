/**
 * Test helpers for the device API (not a test file itself): an API context on a test
 * database, an API key, the demo compliance policies, valid bodies, and requests built the
 * way a client sends them, served by the same serveApi the routes call.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { createApiKey } from "../auth/api-keys";
import type { CheckInBody, EnrollmentBody } from "../domain/check-in";
import { demoPolicyInputs } from "../demo/fixtures";
import { createApiContext, type ApiContext } from "./context";
import { serveApi, type EndpointName } from "./endpoints";

export function testApiContext(prisma: PrismaClient, checkInsPerMinute = 1_000_000, checkInRound?: { maxWaitMs: number }): ApiContext {
  return createApiContext(prisma, { checkInsPerMinute, checkInHistoryDays: 7, checkInRound });
}

export async function testApiKey(prisma: PrismaClient, name = "test key"): Promise<string> {
  return (await createApiKey(prisma, { name, createdBy: "admin@contoso.example" })).key;
}

/** The demo policies: passcode -> BLOCK_EMAIL, minimum OS -> QUARANTINE, jailbreak -> RETIRE, ... */
export async function seedDemoPolicies(prisma: PrismaClient): Promise<void> {
  const { list } = demoPolicyInputs(1);
  await prisma.compliancePolicy.createMany({
    data: list.map((p) => ({ id: p.id, name: p.name, platforms: p.platforms, enabled: p.enabled, rules: p.rules, actions: p.actions })),
    skipDuplicates: true,
  });
}

export function enrollmentBody(overrides: Partial<EnrollmentBody> = {}): EnrollmentBody {
  return {
    platform: "IOS",
    inventory: {
      name: "Ana's iPhone",
      manufacturer: "Apple",
      model: "iPhone 15 Pro",
      osVersion: "18.1.1",
      serialNumber: `F2LX${randomUUID().slice(0, 8).toUpperCase()}`,
      ownerUpn: "ana.garcia@contoso.example",
    },
    compliance: { passcodeSet: true, encrypted: true, jailbroken: false, installedApps: ["com.microsoft.azureauthenticator"] },
    azure: { deviceId: randomUUID(), clientStatusCode: "Success" },
    ...overrides,
  };
}

/** A check-in reporting exactly what the enrolment did, with a new checkInId. */
export function checkInBodyFrom(enrollment: EnrollmentBody, overrides: Partial<CheckInBody> = {}): CheckInBody {
  return {
    checkInId: randomUUID(),
    inventory: enrollment.inventory,
    compliance: enrollment.compliance,
    azure: enrollment.azure ?? { deviceId: null, clientStatusCode: "Internal_Error" },
    ...overrides,
  };
}

export function jsonRequest(method: string, path: string, options: { token?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    // Streams as bodies need this in Node's fetch.
    ...(options.raw instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

export interface Served {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function call(ctx: ApiContext, name: EndpointName, request: Request, params: { id?: string } = {}): Promise<Served> {
  const response = await serveApi(ctx, name, request, params);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function enrol(ctx: ApiContext, apiKey: string, body: EnrollmentBody = enrollmentBody()): Promise<{ id: string; token: string; body: EnrollmentBody; answer: Served }> {
  const answer = await call(ctx, "enroll", jsonRequest("POST", "/api/v1/enrollments", { token: apiKey, body }));
  if (answer.status !== 201) throw new Error(`enrolment failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id: String(answer.body.deviceId), token: String(answer.body.deviceToken), body, answer };
}

export function checkIn(ctx: ApiContext, device: { id: string; token: string }, body: unknown, token = device.token): Promise<Served> {
  return call(ctx, "checkIn", jsonRequest("POST", `/api/v1/devices/${device.id}/check-ins`, { token, body }), { id: device.id });
}

/**
 * Row counts and checksums of the tables a device-API request could write: equal before and
 * after means nothing was stored. ApiKey is summed without lastUsedAt (a valid read touches it).
 */
export async function databaseFingerprint(prisma: PrismaClient): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    Device: `SELECT t::text AS row FROM "Device" t`,
    CheckIn: `SELECT t::text AS row FROM "CheckIn" t`,
    Report: `SELECT t::text AS row FROM "Report" t`,
    PolicyEvaluation: `SELECT t::text AS row FROM "PolicyEvaluation" t`,
    CompliancePolicy: `SELECT t::text AS row FROM "CompliancePolicy" t`,
    AuditEvent: `SELECT t::text AS row FROM "AuditEvent" t`,
    ApiKey: `SELECT concat_ws('|', id, name, prefix, hash, "revokedAt") AS row FROM "ApiKey"`,
  };
  const out: Record<string, string> = {};
  for (const [name, rows] of Object.entries(tables)) {
    const [r] = await prisma.$queryRawUnsafe<{ n: number; sum: string }[]>(`SELECT count(*)::int AS n, coalesce(md5(string_agg(x.row, E'\\n' ORDER BY x.row)), '-') AS sum FROM (${rows}) x`);
    out[name] = `${r!.n} rows, md5 ${r!.sum}`;
  }
  return out;
}
