import type { z } from "zod";
import type { Credential } from "../auth/api-credentials";
import { checkInSchema, enrollmentSchema } from "../domain/check-in";
import { log } from "../log";
import { authenticateApiKey, authenticateDevice, type Principal } from "./auth";
import type { ApiContext } from "./context";
import { deviceListQuerySchema, getDevice, getDeviceList, getReportList, postCheckIn, postEnrollment, reportListQuerySchema } from "./handlers";
import { apiError } from "./problem";
import { checkInResultSchema, deviceListResultSchema, deviceStateSchema, enrollmentResultSchema, reportListResultSchema } from "./schemas";

/**
 * The device API, one entry per operation: its route, its credential, its handler and what
 * the OpenAPI document says about it. app/api/v1/**\/route.ts files only call serveApi with
 * an entry's name; lib/auth/routes.test.ts checks that each route's registered requirement
 * is its entry's credential.
 */
export type { Credential };

interface Endpoint<P extends Principal> {
  method: "GET" | "POST";
  /** OpenAPI path template. */
  path: string;
  credential: Credential;
  summary: string;
  description: string;
  body?: z.ZodType;
  /** The body's name among the document's components. */
  bodyName?: string;
  query?: z.ZodType;
  success: { status: 200 | 201; schema: z.ZodType; description: string };
  /** Error statuses this operation can answer (besides 500 and 503). */
  errors: number[];
  handle(ctx: ApiContext, request: Request, principal: P): Promise<Response>;
}

type DeviceEndpoint = Endpoint<Extract<Principal, { kind: "device" }>> & { credential: "device-token" };
type KeyEndpoint = Endpoint<Extract<Principal, { kind: "apiKey" }>> & { credential: "api-key" };

export const ENDPOINTS = {
  enroll: {
    method: "POST",
    path: "/api/v1/enrollments",
    credential: "api-key",
    summary: "Enrol a device",
    description:
      "Creates a device from its first report and returns its device token, once (only a hash is kept). The new device is evaluated and reported to Microsoft like after a check-in.",
    body: enrollmentSchema,
    bodyName: "EnrollmentBody",
    success: { status: 201, schema: enrollmentResultSchema, description: "Enrolled. Keep deviceToken: it is not shown again." },
    errors: [400, 401, 413, 415],
    handle: postEnrollment,
  } satisfies KeyEndpoint,
  checkIn: {
    method: "POST",
    path: "/api/v1/devices/{id}/check-ins",
    credential: "device-token",
    summary: "Check in",
    description:
      "The device reports its inventory, compliance facts and what Microsoft's sign-in library said. In one transaction the server stores it, evaluates compliance and queues a report when the verdict or the inventory Microsoft sees changed. A check-in that changes nothing queues nothing. A retry with the same checkInId is applied once.",
    body: checkInSchema,
    bodyName: "CheckInBody",
    success: { status: 200, schema: checkInResultSchema, description: "Applied (or, with replayed: true, already applied before)." },
    errors: [400, 401, 403, 409, 410, 413, 415, 429],
    handle: postCheckIn,
  } satisfies DeviceEndpoint,
  device: {
    method: "GET",
    path: "/api/v1/devices/{id}",
    credential: "device-token",
    summary: "What the server believes about this device",
    description: "The device's verdict and why, its Azure fields and the state of its last report to Microsoft.",
    success: { status: 200, schema: deviceStateSchema, description: "The device's state." },
    errors: [401, 403, 410],
    handle: getDevice,
  } satisfies DeviceEndpoint,
  listDevices: {
    method: "GET",
    path: "/api/v1/devices",
    credential: "api-key",
    summary: "List devices",
    description: "The device list with the dashboard's filters, sort and pages.",
    query: deviceListQuerySchema,
    success: { status: 200, schema: deviceListResultSchema, description: "One page of devices." },
    errors: [400, 401],
    handle: getDeviceList,
  } satisfies KeyEndpoint,
  listReports: {
    method: "GET",
    path: "/api/v1/reports",
    credential: "api-key",
    summary: "List reports",
    description: "Reports to Microsoft (queued, sent, confirmed, failed, skipped, superseded), newest first.",
    query: reportListQuerySchema,
    success: { status: 200, schema: reportListResultSchema, description: "One page of reports." },
    errors: [400, 401],
    handle: getReportList,
  } satisfies KeyEndpoint,
} as const;

export type EndpointName = keyof typeof ENDPOINTS;

function isTransactionStartTimeout(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2028";
}

/**
 * Runs one operation: checks the credential, then the handler. An unexpected failure is
 * logged and answered as JSON (500); a database too busy to start the transaction answers
 * 503 with Retry-After, so clients back off instead of piling on.
 */
export async function serveApi(ctx: ApiContext, name: EndpointName, request: Request, params: { id?: string } = {}): Promise<Response> {
  const endpoint = ENDPOINTS[name];
  try {
    if (endpoint.credential === "device-token") {
      const auth = await authenticateDevice(ctx, request, params.id ?? "");
      if (auth.response) return auth.response;
      return await (endpoint as DeviceEndpoint).handle(ctx, request, auth.principal);
    }
    const auth = await authenticateApiKey(ctx, request);
    if (auth.response) return auth.response;
    return await (endpoint as KeyEndpoint).handle(ctx, request, auth.principal);
  } catch (error) {
    if (isTransactionStartTimeout(error)) {
      log.warn({ component: "api", endpoint: name }, "database busy: transaction not started in time");
      return apiError(503, "busy", "The server is busy; nothing was stored. Retry later.", [], { "retry-after": "2" });
    }
    const id = crypto.randomUUID();
    log.error({ component: "api", endpoint: name, errorId: id, err: error }, "device API request failed");
    return apiError(500, "internal_error", `The request failed on the server (error id ${id}).`);
  }
}
