import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkInSchema, enrollmentSchema } from "../domain/check-in";
import { CLIENT_STATUS_CODES } from "../domain/types";
import { ENDPOINTS } from "./endpoints";
import { openApiDocument } from "./openapi";
import { operations } from "./reference";

type Json = Record<string, unknown>;
const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> } };

function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, found));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with every endpoint, its credential and its answers", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const [name, e] of Object.entries(ENDPOINTS)) {
      const op = doc.paths[e.path]?.[e.method.toLowerCase()] as Json & { responses: Record<string, unknown>; security: Json[] };
      expect(op, `${e.method} ${e.path}`).toBeDefined();
      expect(op.operationId).toBe(name);
      const scheme = Object.keys(op.security[0]!)[0]!;
      expect(doc.components.securitySchemes[scheme]).toMatchObject({ type: "http", scheme: "bearer" });
      expect(Object.keys(op.responses).sort()).toEqual([String(e.success.status), ...e.errors.map(String), "500", "503"].sort());
    }
  });

  it("describes the bodies with exactly the schemas that validate them", () => {
    const strip = (s: Json) => Object.fromEntries(Object.entries(s).filter(([k]) => k !== "$schema"));
    expect(doc.components.schemas.CheckInBody).toEqual(strip(z.toJSONSchema(checkInSchema, { io: "input" }) as Json));
    expect(doc.components.schemas.EnrollmentBody).toEqual(strip(z.toJSONSchema(enrollmentSchema, { io: "input" }) as Json));
    const status = ((doc.components.schemas.CheckInBody as { properties: Record<string, { properties: Record<string, Json> }> }).properties.azure!.properties.clientStatusCode as { enum: string[] }).enum;
    expect(status).toEqual([...CLIENT_STATUS_CODES]);
  });

  it("has no dangling reference", () => {
    for (const ref of refs(doc)) {
      expect(ref.startsWith("#/components/schemas/"), ref).toBe(true);
      expect(doc.components.schemas[ref.split("/").pop()!], ref).toBeDefined();
    }
  });

  it("gives the reference page every field, with its constraints", () => {
    const checkIn = operations(doc).find((op) => op.id === "checkIn")!;
    const fields = new Map(checkIn.body!.fields.map((f) => [f.path, f]));
    expect([...fields.keys()]).toEqual(expect.arrayContaining(["checkInId", "inventory.name", "inventory.osVersion", "compliance.installedApps", "azure.deviceId", "azure.clientStatusCode"]));
    expect(fields.get("azure.clientStatusCode")).toMatchObject({ required: true, constraints: [`one of: ${CLIENT_STATUS_CODES.join(", ")}`] });
    expect(fields.get("azure.deviceId")?.type).toBe("string (uuid) | null");
    expect(fields.get("inventory.udid")?.required).toBe(false);
    expect(checkIn.errors.map((e) => e.status)).toEqual(expect.arrayContaining(["400", "401", "403", "409", "410", "413", "415", "429"]));
    const list = operations(doc).find((op) => op.id === "listDevices")!;
    expect(list.parameters.find((p) => p.path === "size (query)")?.constraints).toContain("one of: 25, 50, 100, 200");
    expect(list.success.fields.map((f) => f.path)).toContain("items[].clientStatusCode");
  });
});
