import { enrollDevice } from "../checkins/enroll-device";
import { touchApiKey } from "../db/api-keys";
import { listDevices } from "../db/devices";
import { listReports } from "../db/report-list";
import { checkInSchema, enrollmentSchema, fieldProblems } from "../domain/check-in";
import { deviceListParamsSchema } from "../domain/device-list-params";
import { reportListParamsSchema } from "../domain/report-list-params";
import type { Principal } from "./auth";
import { gone } from "./auth";
import { readJsonBody } from "./body";
import type { ApiContext } from "./context";
import { readDeviceState } from "./device-state";
import { apiError, apiJson } from "./problem";
import { parseQuery, strictQuerySchema } from "./query";
import type { CheckInResult, DeviceListResult, EnrollmentResult, ReportListResult } from "./schemas";

/**
 * The device API's operations, each called by serveApi (endpoints.ts) once the caller's
 * credential has been checked. Each validates everything before it writes anything.
 */
type Device = Extract<Principal, { kind: "device" }>;
type ApiKey = Extract<Principal, { kind: "apiKey" }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function invalidBody(problems: ReturnType<typeof fieldProblems>): Response {
  return apiError(400, "invalid_body", "The body does not match the schema.", problems);
}

export async function postEnrollment(ctx: ApiContext, request: Request, key: ApiKey): Promise<Response> {
  const body = await readJsonBody(request);
  if (body.response) return body.response;
  const parsed = enrollmentSchema.safeParse(body.value);
  if (!parsed.success) return invalidBody(fieldProblems(parsed.error));
  const enrolled = await enrollDevice(ctx.prisma, parsed.data, { apiKeyId: key.keyId, now: ctx.now() });
  const device = await readDeviceState(ctx.prisma, enrolled.deviceId);
  const result: EnrollmentResult = { deviceId: enrolled.deviceId, deviceToken: enrolled.deviceToken, reportsQueued: enrolled.triggers, device: device! };
  return apiJson(result, 201, { location: `/api/v1/devices/${enrolled.deviceId}` });
}

export async function postCheckIn(ctx: ApiContext, request: Request, device: Device): Promise<Response> {
  if (device.lifecycle !== "ACTIVE") return gone(device.lifecycle);
  const rate = ctx.checkInLimiter.take(device.deviceId, ctx.now().getTime());
  if (!rate.allowed) {
    return apiError(
      429,
      "too_many_requests",
      `Too many check-ins from this device (at most ${ctx.checkInLimiter.perMinute} a minute).`,
      [{ field: "(device)", problem: `retry after ${rate.retryAfterSeconds} s` }],
      { "retry-after": String(rate.retryAfterSeconds) },
    );
  }
  const body = await readJsonBody(request);
  if (body.response) return body.response;
  const parsed = checkInSchema.safeParse(body.value);
  if (!parsed.success) return invalidBody(fieldProblems(parsed.error));

  const { outcome, state } = await ctx.applyCheckIn({ deviceId: device.deviceId, body: parsed.data, now: ctx.now() });
  if (outcome.kind === "not-active") return gone(outcome.lifecycle);
  if (outcome.kind === "conflict") {
    return apiError(409, "check_in_id_reused", "This checkInId was already used for a different check-in.", [
      { field: "checkInId", problem: `already applied at ${outcome.checkIn.receivedAt.toISOString()} with another body; use a new id for a new check-in` },
    ]);
  }
  const { checkIn } = outcome;
  if (!state) return gone(null);
  const result: CheckInResult = {
    checkInId: checkIn.checkInId,
    replayed: outcome.kind === "replayed",
    receivedAt: checkIn.receivedAt.toISOString(),
    changes: { inventory: checkIn.inventoryChanged, compliance: checkIn.complianceChanged },
    reportsQueued: checkIn.triggers,
    device: state,
  };
  return apiJson(result);
}

export async function getDevice(ctx: ApiContext, _request: Request, device: Device): Promise<Response> {
  const state = await readDeviceState(ctx.prisma, device.deviceId);
  return state ? apiJson(state) : gone(null);
}

export const deviceListQuerySchema = strictQuerySchema(deviceListParamsSchema);
export const reportListQuerySchema = strictQuerySchema(reportListParamsSchema);

const pages = (total: number, size: number) => Math.max(1, Math.ceil(total / size));

export async function getDeviceList(ctx: ApiContext, request: Request, key: ApiKey): Promise<Response> {
  const query = parseQuery(deviceListQuerySchema, new URL(request.url));
  if (query.response) return query.response;
  const p = query.value;
  const { rows, total } = await listDevices(ctx.prisma, p);
  await touchApiKey(ctx.prisma, key.keyId, ctx.now());
  const result: DeviceListResult = {
    page: p.page,
    size: p.size,
    total,
    pages: pages(total, p.size),
    items: rows.map((r) => ({ ...r, azureReportedAt: iso(r.azureReportedAt), lastCheckInAt: r.lastCheckInAt.toISOString() })),
  };
  return apiJson(result);
}

export async function getReportList(ctx: ApiContext, request: Request, key: ApiKey): Promise<Response> {
  const query = parseQuery(reportListQuerySchema, new URL(request.url));
  if (query.response) return query.response;
  const p = query.value;
  const { rows, total } = await listReports(ctx.prisma, p);
  await touchApiKey(ctx.prisma, key.keyId, ctx.now());
  const result: ReportListResult = {
    page: p.page,
    size: p.size,
    total,
    pages: pages(total, p.size),
    items: rows.map((r) => ({
      ...r,
      lastUpdateTime: r.lastUpdateTime.toISOString(),
      queuedAt: r.queuedAt.toISOString(),
      sendingAt: iso(r.sendingAt),
      acceptedAt: iso(r.acceptedAt),
      completedAt: iso(r.completedAt),
      failedAt: iso(r.failedAt),
      skippedAt: iso(r.skippedAt),
      supersededAt: iso(r.supersededAt),
    })),
  };
  return apiJson(result);
}
