import { findApiKeyByHash } from "../db/api-keys";
import { findDeviceByTokenHash } from "../db/check-ins";
import { hashCredential, looksLikeCredential } from "../auth/api-credentials";
import type { Lifecycle } from "../domain/types";
import type { ApiContext } from "./context";
import { apiError } from "./problem";

/**
 * The device API's two credentials, checked by serveApi before any handler runs:
 * 401 no or unknown credential (or a revoked API key), 403 a device token used on another
 * device's URL, 410 a retired device. Nothing is written while authenticating.
 */
export type Principal =
  | { kind: "device"; deviceId: string; lifecycle: Lifecycle }
  | { kind: "apiKey"; keyId: string; prefix: string }
  | { kind: "public" };

export type AuthResult<P extends Principal = Principal> = { principal: P; response?: undefined } | { principal?: undefined; response: Response };

const CHALLENGE = { "www-authenticate": 'Bearer realm="compliance-reporter"' };

function unauthorized(problem: string): Response {
  return apiError(401, "unauthorized", "Missing or invalid credential.", [{ field: "Authorization", problem }], CHALLENGE);
}

function bearer(request: Request): { token: string; response?: undefined } | { token?: undefined; response: Response } {
  const header = request.headers.get("authorization");
  if (header === null || header.trim() === "") return { response: unauthorized("missing; send Authorization: Bearer <token>") };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match) return { response: unauthorized("must be Bearer <token>") };
  return { token: match[1]! };
}

export async function authenticateDevice(ctx: ApiContext, request: Request, deviceId: string): Promise<AuthResult<Extract<Principal, { kind: "device" }>>> {
  const { token, response } = bearer(request);
  if (response) return { response };
  if (!looksLikeCredential(token, "deviceToken")) {
    return { response: unauthorized(looksLikeCredential(token, "apiKey") ? "an API key is not a device token" : "not a device token") };
  }
  const device = await findDeviceByTokenHash(ctx.prisma, hashCredential(token));
  if (!device) return { response: unauthorized("unknown device token") };
  if (device.id !== deviceId.toLowerCase()) {
    return { response: apiError(403, "forbidden", "This token belongs to another device.", [{ field: "id", problem: "a device token gives access to its own device only" }]) };
  }
  if (device.lifecycle === "RETIRED") return { response: gone(device.lifecycle, device.retiredAt) };
  return { principal: { kind: "device", deviceId: device.id, lifecycle: device.lifecycle } };
}

export function gone(lifecycle: Lifecycle | null, retiredAt?: Date | null): Response {
  const when = retiredAt ? ` on ${retiredAt.toISOString()}` : "";
  const problem = lifecycle === "RETIRE_PENDING" ? "the device is being retired (RETIRE_PENDING)" : lifecycle === null ? "the device no longer exists" : `the device was retired${when} (RETIRED)`;
  return apiError(410, "gone", "This device is no longer managed.", [{ field: "id", problem }]);
}

export async function authenticateApiKey(ctx: ApiContext, request: Request): Promise<AuthResult<Extract<Principal, { kind: "apiKey" }>>> {
  const { token, response } = bearer(request);
  if (response) return { response };
  if (!looksLikeCredential(token, "apiKey")) {
    return { response: unauthorized(looksLikeCredential(token, "deviceToken") ? "a device token is not an API key" : "not an API key") };
  }
  const key = await findApiKeyByHash(ctx.prisma, hashCredential(token));
  if (!key) return { response: unauthorized("unknown API key") };
  if (key.revokedAt) return { response: unauthorized(`API key ${key.prefix}… was revoked on ${key.revokedAt.toISOString()}`) };
  return { principal: { kind: "apiKey", keyId: key.id, prefix: key.prefix } };
}
