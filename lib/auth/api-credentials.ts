import { createHash, randomBytes } from "node:crypto";

/**
 * The API's two bearer credentials. Both are 256 random bits, shown once and stored only as
 * their sha256: a database leak reveals no usable credential, and a lookup by hash needs no
 * slow KDF because the secret is random, not chosen by a person.
 * - API keys (`crk_...`): the admin credential of the MDM server (enrolment, admin reads),
 *   created and revoked by an ADMIN on the settings page.
 * - Device tokens (`cdt_...`): one per device, returned by its enrolment.
 */
export type Credential = "api-key" | "device-token";

export const API_KEY_PREFIX = "crk_";
export const DEVICE_TOKEN_PREFIX = "cdt_";

/** Characters of an API key shown in the UI (and stored) to tell keys apart. */
export const API_KEY_VISIBLE_CHARS = 12;

const SECRET = /^(crk|cdt)_[A-Za-z0-9_-]{43}$/;

function secret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = secret(API_KEY_PREFIX);
  return { key, prefix: key.slice(0, API_KEY_VISIBLE_CHARS), hash: hashCredential(key) };
}

export function newDeviceToken(): { token: string; hash: string } {
  const token = secret(DEVICE_TOKEN_PREFIX);
  return { token, hash: hashCredential(token) };
}

export function hashCredential(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** True when the value has the shape of one of our credentials (anything else is not looked up). */
export function looksLikeCredential(value: string, kind: "apiKey" | "deviceToken"): boolean {
  return SECRET.test(value) && value.startsWith(kind === "apiKey" ? API_KEY_PREFIX : DEVICE_TOKEN_PREFIX);
}
