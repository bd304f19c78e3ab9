import { z } from "zod";
import { MAX_BODY_BYTES } from "../domain/check-in";
import { PAGE_SIZES } from "../domain/device-list-params";
import { ENDPOINTS, type Credential } from "./endpoints";
import { errorSchema } from "./schemas";

/**
 * The device API's OpenAPI 3.1 document, generated from the endpoint table and the zod
 * schemas that validate the requests (z.toJSONSchema, JSON Schema 2020-12, which is
 * OpenAPI 3.1's own dialect). Named sub-schemas (`.meta({ id })`) become components.
 */
type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: "The body or the query does not validate: each problem names the field.",
  401: "No credential, an unknown one, or a revoked API key.",
  403: "The device token belongs to another device.",
  409: "The checkInId was already used for a different check-in.",
  410: "The device is retired (or being retired): it is no longer managed.",
  413: `The body is larger than ${MAX_BODY_BYTES} bytes.`,
  415: "The body is not application/json.",
  429: "Too many check-ins from this device: wait for Retry-After seconds.",
  500: "Unexpected server error (logged with the error id given in the message).",
  503: "The database is too busy to take the request now: nothing was stored; retry after Retry-After seconds.",
};

const SECURITY: Record<Credential, string> = { "device-token": "deviceToken", "api-key": "apiKey" };

/** The schema as JSON Schema, its named parts moved to `components` (refs rewritten to point there). */
function schemaOf(schema: z.ZodType, components: Record<string, Json>): Json {
  const generated = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  const text = JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/');
  const parsed = JSON.parse(text) as Json & { $defs?: Record<string, Json> };
  Object.assign(components, parsed.$defs ?? {});
  // The dialect is stated once for the whole document (jsonSchemaDialect).
  delete parsed.$defs;
  delete parsed.$schema;
  return parsed;
}

function queryParameters(schema: z.ZodType, components: Record<string, Json>): Json[] {
  const generated = schemaOf(schema, components) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(generated.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: generated.required?.includes(name) ?? false,
    // The page size is checked by a refinement, which JSON Schema cannot express: state its values.
    schema: name === "size" ? { ...property, type: "integer", enum: [...PAGE_SIZES] } : property,
  }));
}

const json = (schema: Json) => ({ "application/json": { schema } });

let cached: Json | undefined;

export function openApiDocument(): Json {
  cached ??= build();
  return cached;
}

function build(): Json {
  const components: Record<string, Json> = {};
  const paths: Record<string, Record<string, Json>> = {};
  const errorRef = schemaOf(errorSchema, components);
  const named = (id: string, schema: z.ZodType) => {
    components[id] = schemaOf(schema, components);
    return { $ref: `#/components/schemas/${id}` };
  };
  for (const [name, e] of Object.entries(ENDPOINTS)) {
    const parameters: Json[] = [];
    if (e.path.includes("{id}")) parameters.push({ name: "id", in: "path", required: true, description: "The device's id (returned by its enrolment)", schema: { type: "string", format: "uuid" } });
    if ("query" in e && e.query) parameters.push(...queryParameters(e.query, components));
    const responses: Record<string, Json> = { [String(e.success.status)]: { description: e.success.description, content: json(schemaOf(e.success.schema, components)) } };
    for (const status of [...e.errors, 500, 503]) {
      const headers = status === 429 || status === 503 ? { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } : undefined;
      responses[String(status)] = { description: STATUS_TEXT[status] ?? "Error", content: json(errorRef), ...(headers ? { headers } : {}) };
    }
    paths[e.path] ??= {};
    paths[e.path]![e.method.toLowerCase()] = {
      operationId: name,
      summary: e.summary,
      description: e.description,
      security: [{ [SECURITY[e.credential]]: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...("body" in e && e.body ? { requestBody: { required: true, description: `JSON, at most ${MAX_BODY_BYTES} bytes. Unknown fields are refused.`, content: json(named(e.bodyName, e.body)) } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Compliance Reporter device API",
      version: "1",
      description:
        "How the MDM's devices report their inventory, compliance facts and Microsoft sign-in status, and how the MDM server enrols devices and reads devices and reports. Every error is JSON naming the field and the problem.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { ...components },
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key (crk_...), created by an administrator on the Settings page. The MDM server's credential." },
        deviceToken: { type: "http", scheme: "bearer", description: "The device token (cdt_...) its enrolment returned. Valid for that device only." },
      },
    },
  };
}
