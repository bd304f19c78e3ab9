import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { testDatabases } from "../db/test-databases";
import type { ApiContext } from "./context";
import { serveApi } from "./endpoints";
import { hostileRequests, REFUSALS, toRequest, type HostileFixture } from "./hostile-requests";
import { call, checkIn, checkInBodyFrom, databaseFingerprint, enrol, enrollmentBody, jsonRequest, seedDemoPolicies, testApiContext, testApiKey } from "./testing";

/**
 * 10,000 generated malformed or hostile requests per database, served by the same serveApi
 * the routes call: none may fail on the server (5xx), every one but the list reads must be
 * refused (4xx, JSON naming a field), nothing may be stored, and the API still works after.
 */
const RUNS = 10_000;

describe.each(testDatabases())("hostile requests on $name", (factory) => {
  let database: Database;
  let ctx: ApiContext;
  let fixture: HostileFixture;
  const prisma = () => database.prisma;

  beforeAll(async () => {
    database = await factory.open();
    // No rate limit here: the requests must reach validation, not stop at 429.
    ctx = testApiContext(prisma());
    await seedDemoPolicies(prisma());
    const apiKey = await testApiKey(prisma());
    const revokedApiKey = await testApiKey(prisma(), "revoked");
    await prisma().apiKey.updateMany({ where: { name: "revoked" }, data: { revokedAt: new Date() } });
    const device = await enrol(ctx, apiKey, enrollmentBody({ inventory: { ...enrollmentBody().inventory, imei: "356789012345678", udid: "00008130-001A2B3C4D5E6F70" } }));
    const other = await enrol(ctx, apiKey);
    const retired = await enrol(ctx, apiKey);
    await prisma().device.update({ where: { id: retired.id }, data: { lifecycle: "RETIRED", retiredAt: new Date() } });
    fixture = { apiKey, revokedApiKey, device, other, retired };
  });
  afterAll(async () => {
    await database?.close();
  });

  it(`refuses ${RUNS} generated requests without a 5xx and stores nothing`, async () => {
    const before = await databaseFingerprint(prisma());
    const kinds = new Map<string, number>();
    const statuses = new Map<number, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(hostileRequests(fixture), async (r) => {
        sent++;
        kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
        const response = await serveApi(ctx, r.endpoint, toRequest(r), r.params);
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const label = `${r.kind}: ${r.method} ${r.path.slice(0, 120)} -> ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, label).toBeLessThan(500);
        expect(response.headers.get("content-type"), label).toContain("application/json");
        const body = JSON.parse(text) as { error?: string; problems?: { field: string; problem: string }[] };
        if (r.expect === "refused" || response.status !== 200) {
          expect(REFUSALS, label).toContain(response.status);
          expect(body.error, label).toEqual(expect.any(String));
          expect(body.problems?.length, label).toBeGreaterThan(0);
          // The answer stays small whatever the request held.
          expect(text.length, label).toBeLessThan(20_000);
        }
      }),
      { numRuns: RUNS },
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    console.log(`hostile requests on ${factory.name}: ${sent} sent; by status ${JSON.stringify(Object.fromEntries(statuses))}; by kind ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(await databaseFingerprint(prisma())).toEqual(before);
    // Every family of requests was exercised.
    for (const kind of ["check-in body mutated", "enrolment body mutated", "check-in truncated", "check-in deep nesting", "check-in oversized", "check-in content type", "check-in bad credential", "check-in another path", "retired device check-in", "list query"]) {
      expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(10);
    }

    // Still answering, and still right.
    const ok = await checkIn(ctx, fixture.device, checkInBodyFrom(fixture.device.body, { inventory: { ...fixture.device.body.inventory, osVersion: "18.5" } }));
    expect([ok.status, ok.body.reportsQueued]).toEqual([200, ["INVENTORY_CHANGE"]]);
    const read = await call(ctx, "device", jsonRequest("GET", `/api/v1/devices/${fixture.device.id}`, { token: fixture.device.token }), { id: fixture.device.id });
    expect(read.status).toBe(200);
  }, 900_000);
});
