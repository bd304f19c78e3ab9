/**
 * The API reference page's content, read from the OpenAPI document (so the page, the
 * document and the validation cannot disagree): each operation with its fields flattened
 * into rows (dotted path, type, required, constraints, description).
 */
type Json = Record<string, unknown>;

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  constraints: string[];
  description: string | null;
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  security: string;
  parameters: FieldRow[];
  body: { name: string | null; fields: FieldRow[] } | null;
  success: { status: string; description: string; name: string | null; fields: FieldRow[] };
  errors: { status: string; description: string }[];
}

const refName = (schema: Json | undefined) => (typeof schema?.$ref === "string" ? schema.$ref.split("/").pop()! : null);

function resolve(schema: Json, components: Record<string, Json>): Json {
  const name = refName(schema);
  return name ? resolve(components[name] ?? {}, components) : schema;
}

function typeOf(schema: Json, components: Record<string, Json>): string {
  const s = resolve(schema, components);
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map((x) => typeOf(x, components)).join(" | ");
  if (s.type === "array") return `array of ${typeOf((s.items as Json) ?? {}, components)}`;
  if (s.const !== undefined) return JSON.stringify(s.const);
  const base = typeof s.type === "string" ? s.type : "any";
  return typeof s.format === "string" ? `${base} (${s.format})` : base;
}

function constraintsOf(schema: Json, components: Record<string, Json>): string[] {
  const s = resolve(schema, components);
  const variants = Array.isArray(s.anyOf) ? (s.anyOf as Json[]).map((x) => resolve(x, components)) : [s];
  const out: string[] = [];
  for (const v of variants) {
    if (Array.isArray(v.enum)) out.push(`one of: ${v.enum.join(", ")}`);
    if (v.minLength !== undefined || v.maxLength !== undefined) out.push(`length ${v.minLength ?? 0}–${v.maxLength ?? "∞"}`);
    if (v.minimum !== undefined || v.maximum !== undefined) out.push(`${v.minimum ?? "−∞"} ≤ n ≤ ${v.maximum ?? "∞"}`);
    if (v.maxItems !== undefined) out.push(`at most ${String(v.maxItems)} items`);
    if (typeof v.pattern === "string" && v.format === undefined) out.push(`pattern ${v.pattern}`);
    if (v.type === "array" && v.items) out.push(...constraintsOf(v.items as Json, components).map((c) => `each: ${c}`));
  }
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  if (s.additionalProperties === false) out.push("no other fields");
  return out;
}

function description(schema: Json, components: Record<string, Json>): string | null {
  if (typeof schema.description === "string") return schema.description;
  const s = resolve(schema, components);
  return typeof s.description === "string" ? s.description : null;
}

/** Rows for an object schema's fields, depth first; nested objects (also inside arrays and nullables) are expanded. */
export function fieldRows(schema: Json, components: Record<string, Json>, prefix = "", depth = 0): FieldRow[] {
  const s = resolve(schema, components);
  const objects = [s, ...(Array.isArray(s.anyOf) ? (s.anyOf as Json[]).map((x) => resolve(x, components)) : [])].filter((x) => x.type === "object");
  const rows: FieldRow[] = [];
  if (depth > 6) return rows;
  for (const object of objects) {
    const required = new Set((object.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((object.properties as Record<string, Json>) ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      rows.push({ path, type: typeOf(property, components), required: required.has(name), constraints: constraintsOf(property, components), description: description(property, components) });
      const inner = resolve(property, components);
      const child = inner.type === "array" ? ((inner.items as Json) ?? {}) : property;
      rows.push(...fieldRows(child, components, inner.type === "array" ? `${path}[]` : path, depth + 1));
    }
  }
  return rows;
}

export function operations(document: Json): OperationView[] {
  const components = ((document.components as Json)?.schemas ?? {}) as Record<string, Json>;
  const views: OperationView[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const responses = op.responses as Record<string, Json>;
      const [successStatus, success] = Object.entries(responses).find(([status]) => status.startsWith("2"))!;
      const successSchema = ((success.content as Json)?.["application/json"] as Json)?.schema as Json;
      const bodySchema = (((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as Json | undefined)?.schema as Json | undefined;
      views.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ""),
        description: String(op.description ?? ""),
        security: Object.keys(((op.security as Json[]) ?? [{}])[0] ?? {})[0] ?? "none",
        parameters: ((op.parameters as Json[]) ?? []).map((p) => ({
          path: `${String(p.name)} (${String(p.in)})`,
          type: typeOf(p.schema as Json, components),
          required: p.required === true,
          constraints: constraintsOf(p.schema as Json, components),
          description: typeof p.description === "string" ? p.description : description(p.schema as Json, components),
        })),
        body: bodySchema ? { name: refName(bodySchema), fields: fieldRows(bodySchema, components) } : null,
        success: { status: successStatus, description: String(success.description), name: refName(successSchema), fields: fieldRows(successSchema, components) },
        errors: Object.entries(responses)
          .filter(([status]) => !status.startsWith("2"))
          .map(([status, r]) => ({ status, description: String(r.description) })),
      });
    }
  }
  return views;
}
