import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashCredential } from "../auth/api-credentials";
import type { Database } from "../db/client";
import { testDatabases } from "../db/test-databases";
import { createCheckInQueue } from "./check-in-queue";
import type { ApiContext } from "./context";
import { call, checkIn, checkInBodyFrom, enrol, enrollmentBody, jsonRequest, seedDemoPolicies, testApiContext, testApiKey } from "./testing";

/** The check-in API end to end on each database: triggers, idempotency and every refusal. */
describe.each(testDatabases())("device API on $name", (factory) => {
  let database: Database;
  let ctx: ApiContext;
  let apiKey: string;
  const prisma = () => database.prisma;
  const reportsOf = (deviceId: string) => prisma().report.findMany({ where: { deviceId }, orderBy: { lastUpdateTime: "asc" } });

  beforeAll(async () => {
    database = await factory.open();
    ctx = testApiContext(prisma());
    apiKey = await testApiKey(prisma());
    await seedDemoPolicies(prisma());
  });
  afterAll(async () => {
    await database?.close();
  });

  it("enrols a device: token returned once and stored hashed, the new device reported", async () => {
    const device = await enrol(ctx, apiKey);
    expect(device.answer.headers.get("location")).toBe(`/api/v1/devices/${device.id}`);
    expect(device.token).toMatch(/^cdt_[A-Za-z0-9_-]{43}$/);
    const row = await prisma().device.findUniqueOrThrow({ where: { id: device.id } });
    expect(row.tokenHash).toBe(hashCredential(device.token));
    expect(JSON.stringify(row)).not.toContain(device.token);
    expect(row).toMatchObject({ clientStatusCode: "Success", verdict: "COMPLIANT", lifecycle: "ACTIVE", azureState: "IN_PROGRESS" });
    expect((await reportsOf(device.id)).map((r) => [r.trigger, r.state])).toEqual([["INVENTORY_CHANGE", "QUEUED"]]);
    expect(device.answer.body).toMatchObject({ reportsQueued: ["INVENTORY_CHANGE"], device: { id: device.id, compliance: { verdict: "COMPLIANT" } } });
    const key = await prisma().apiKey.findFirstOrThrow({ where: { hash: hashCredential(apiKey) } });
    expect(key.lastUsedAt).toBeInstanceOf(Date);
  });

  it("a compliance change queues exactly one report", async () => {
    const device = await enrol(ctx, apiKey);
    const before = (await reportsOf(device.id)).length;
    const answer = await checkIn(ctx, device, checkInBodyFrom(device.body, { compliance: { ...device.body.compliance, passcodeSet: false } }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ replayed: false, changes: { inventory: false, compliance: true }, reportsQueued: ["COMPLIANCE_CHANGE"] });
    expect(answer.body.device).toMatchObject({ compliance: { verdict: "NOT_COMPLIANT", complianceStatus: "notCompliant", winningAction: "BLOCK_EMAIL" } });
    const violated = (answer.body.device as { compliance: { violatedPolicies: { name: string; failures: { rule: string }[] }[] } }).compliance.violatedPolicies;
    expect(violated.map((p) => [p.name, p.failures[0]?.rule])).toEqual([["Passcode required", "passcodeRequired"]]);
    const rows = await reportsOf(device.id);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ trigger: "COMPLIANCE_CHANGE", complianceStatus: "notCompliant", state: "QUEUED" });
  });

  it("an inventory change queues exactly one report", async () => {
    const device = await enrol(ctx, apiKey);
    const before = (await reportsOf(device.id)).length;
    const answer = await checkIn(ctx, device, checkInBodyFrom(device.body, { inventory: { ...device.body.inventory, osVersion: "18.2.1" } }));
    expect(answer.body).toMatchObject({ changes: { inventory: true, compliance: false }, reportsQueued: ["INVENTORY_CHANGE"] });
    const rows = await reportsOf(device.id);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ trigger: "INVENTORY_CHANGE", payload: { snapshot: { inventory: { osVersion: "18.2.1" } } } });
  });

  it("a check-in that changes nothing queues nothing, but is recorded", async () => {
    const device = await enrol(ctx, apiKey);
    const before = await reportsOf(device.id);
    const body = checkInBodyFrom(device.body);
    const answer = await checkIn(ctx, device, body);
    expect(answer.body).toMatchObject({ changes: { inventory: false, compliance: false }, reportsQueued: [] });
    expect(await reportsOf(device.id)).toEqual(before);
    expect(await prisma().checkIn.count({ where: { deviceId: device.id, checkInId: body.checkInId } })).toBe(1);
  });

  it("a repeated checkInId is applied once, also when the copies arrive together", async () => {
    const device = await enrol(ctx, apiKey);
    const body = checkInBodyFrom(device.body, { inventory: { ...device.body.inventory, name: "Ana's new iPhone" } });
    const first = await checkIn(ctx, device, body);
    const afterFirst = await prisma().device.findUniqueOrThrow({ where: { id: device.id } });
    const reports = await reportsOf(device.id);
    const again = await checkIn(ctx, device, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, checkInId: body.checkInId, receivedAt: first.body.receivedAt, reportsQueued: ["INVENTORY_CHANGE"] });
    expect(await reportsOf(device.id)).toEqual(reports);
    expect((await prisma().device.findUniqueOrThrow({ where: { id: device.id } })).lastCheckInAt).toEqual(afterFirst.lastCheckInAt);

    const racing = checkInBodyFrom(device.body, { inventory: { ...device.body.inventory, osVersion: "18.3.1" } });
    const answers = await Promise.all(Array.from({ length: 6 }, () => checkIn(ctx, device, racing)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.replayed === false)).toHaveLength(1);
    expect((await reportsOf(device.id)).filter((r) => r.trigger === "INVENTORY_CHANGE")).toHaveLength(reports.filter((r) => r.trigger === "INVENTORY_CHANGE").length + 1);
    expect(await prisma().checkIn.count({ where: { deviceId: device.id } })).toBe(2);
  });

  it("refuses a reused checkInId with another body (409) and stores nothing", async () => {
    const device = await enrol(ctx, apiKey);
    const body = checkInBodyFrom(device.body);
    await checkIn(ctx, device, body);
    const snapshot = await prisma().device.findUniqueOrThrow({ where: { id: device.id } });
    const answer = await checkIn(ctx, device, { ...body, compliance: { ...body.compliance, jailbroken: true } });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: "check_in_id_reused", problems: [{ field: "checkInId" }] });
    expect(await prisma().device.findUniqueOrThrow({ where: { id: device.id } })).toEqual(snapshot);
  });

  it("a user who cancelled the sign-in and later finishes it: skipped, then reported", async () => {
    const device = await enrol(ctx, apiKey, enrollmentBody({ azure: { deviceId: null, clientStatusCode: "User_Canceled" } }));
    expect((await reportsOf(device.id)).map((r) => [r.trigger, r.state, r.errorCode])).toEqual([["INVENTORY_CHANGE", "SKIPPED", "User_Canceled"]]);
    expect(device.answer.body.device).toMatchObject({ azure: { deviceId: null, clientStatusCode: "User_Canceled", reportTime: { kind: "error", code: "User_Canceled" } } });
    const azureId = randomUUID().toUpperCase();
    const answer = await checkIn(ctx, device, checkInBodyFrom(device.body, { azure: { deviceId: azureId, clientStatusCode: "Success" } }));
    expect(answer.body).toMatchObject({ reportsQueued: ["INVENTORY_CHANGE"], device: { azure: { deviceId: azureId.toLowerCase(), clientStatusCode: "Success", complianceState: "IN_PROGRESS" } } });
    expect((await reportsOf(device.id)).at(-1)).toMatchObject({ trigger: "INVENTORY_CHANGE", state: "QUEUED" });
    // The same id in lower case is no inventory change.
    const same = await checkIn(ctx, device, checkInBodyFrom(device.body, { azure: { deviceId: azureId.toLowerCase(), clientStatusCode: "Success" } }));
    expect(same.body.reportsQueued).toEqual([]);
  });

  it("a jailbreak retires the device (RETIRE wins); a retiring or retired device is gone (410)", async () => {
    const device = await enrol(ctx, apiKey);
    const answer = await checkIn(ctx, device, checkInBodyFrom(device.body, { compliance: { ...device.body.compliance, jailbroken: true } }));
    expect(answer.body).toMatchObject({ reportsQueued: ["RETIRE"], device: { lifecycle: "RETIRE_PENDING", compliance: { winningAction: "RETIRE" } } });
    const next = await checkIn(ctx, device, checkInBodyFrom(device.body));
    expect([next.status, next.body.error]).toEqual([410, "gone"]);
    expect((await call(ctx, "device", jsonRequest("GET", `/api/v1/devices/${device.id}`, { token: device.token }), { id: device.id })).status).toBe(200);
    await prisma().device.update({ where: { id: device.id }, data: { lifecycle: "RETIRED", retiredAt: new Date() } });
    const get = await call(ctx, "device", jsonRequest("GET", `/api/v1/devices/${device.id}`, { token: device.token }), { id: device.id });
    expect([get.status, (get.body.problems as { problem: string }[])[0]?.problem]).toEqual([410, expect.stringContaining("RETIRED")]);
  });

  it("answers the device what the server believes", async () => {
    const device = await enrol(ctx, apiKey);
    const get = await call(ctx, "device", jsonRequest("GET", `/api/v1/devices/${device.id}`, { token: device.token }), { id: device.id });
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({ id: device.id, lifecycle: "ACTIVE", compliance: { verdict: "COMPLIANT", violatedPolicies: [] }, lastReport: { trigger: "INVENTORY_CHANGE", state: "QUEUED" }, azure: { reportTime: { kind: "pending" } } });
  });

  it("check-ins arriving together are applied together, each with its own outcome and answer", async () => {
    const devices = await Promise.all(Array.from({ length: 6 }, () => enrol(ctx, apiKey)));
    const [same, passcode, os, twice, reused, retired] = devices as [typeof devices[number], typeof devices[number], typeof devices[number], typeof devices[number], typeof devices[number], typeof devices[number]];
    await prisma().device.update({ where: { id: retired.id }, data: { lifecycle: "RETIRED", retiredAt: new Date() } });
    const reportsBefore = await prisma().report.count();
    const twiceBody = checkInBodyFrom(twice.body);
    const reusedBody = checkInBodyFrom(reused.body);
    // Counted: the transactions the round took.
    let transactions = 0;
    const counting = new Proxy(prisma(), {
      get: (target, key) => (key === "$transaction" ? (...a: Parameters<typeof target.$transaction>) => (transactions++, target.$transaction(...a)) : Reflect.get(target, key)),
    });
    // Check-ins wait up to 200 ms for others to join their round (the product's wait is 1 ms; a slow test machine needs longer to send them all).
    const together = testApiContext(counting, 1_000_000, { maxWaitMs: 200 });
    const answers = await Promise.all([
      checkIn(together, same, checkInBodyFrom(same.body)),
      checkIn(together, passcode, checkInBodyFrom(passcode.body, { compliance: { ...passcode.body.compliance, passcodeSet: false } })),
      checkIn(together, os, checkInBodyFrom(os.body, { inventory: { ...os.body.inventory, osVersion: "18.4" } })),
      checkIn(together, twice, twiceBody),
      checkIn(together, twice, twiceBody),
      checkIn(together, reused, reusedBody),
      checkIn(together, reused, { ...reusedBody, compliance: { ...reusedBody.compliance, encrypted: false } }),
      checkIn(together, retired, checkInBodyFrom(retired.body)),
    ]);
    // The same checkInId with two bodies: whichever reached the queue first is applied, the other refused.
    const modifiedApplied = answers[6]!.status === 200;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, ...(modifiedApplied ? [409, 200] : [200, 409]), 410]);
    expect(answers.slice(0, 3).map((a) => [a.body.device && (a.body.device as { id: string }).id, a.body.reportsQueued])).toEqual([
      [same.id, []],
      [passcode.id, ["COMPLIANCE_CHANGE"]],
      [os.id, ["INVENTORY_CHANGE"]],
    ]);
    expect(answers[1]!.body.device).toMatchObject({ compliance: { verdict: "NOT_COMPLIANT" } });
    // The two copies: whichever reached the queue first is applied, the other answered as its replay.
    expect([answers[3]!.body.replayed, answers[4]!.body.replayed].sort()).toEqual([false, true]);
    expect(answers[4]!.body.receivedAt).toBe(answers[3]!.body.receivedAt);
    // Shared rounds: one check-in of every device in the first, the copies in the next.
    expect(transactions).toBeLessThanOrEqual(3);
    // A compliance change and an inventory change (and the unencrypted body's compliance change, if it won).
    expect(await prisma().report.count()).toBe(reportsBefore + 2 + (modifiedApplied ? 1 : 0));
    expect(await prisma().checkIn.count({ where: { deviceId: { in: devices.map((d) => d.id) } } })).toBe(5);
    const stored = await prisma().device.findUniqueOrThrow({ where: { id: os.id } });
    expect([stored.osVersion, stored.passcodeSet]).toEqual(["18.4", true]);
    expect((await prisma().device.findUniqueOrThrow({ where: { id: reused.id } })).encrypted).toBe(!modifiedApplied);
  });

  it("a round of check-ins that fails is applied again one at a time, so each lands or fails alone", async () => {
    const devices = await Promise.all(Array.from({ length: 4 }, () => enrol(ctx, apiKey)));
    let transactions = 0;
    const failingOnce = new Proxy(prisma(), {
      get: (target, key) =>
        key === "$transaction"
          ? (...a: Parameters<typeof target.$transaction>) => (++transactions === 1 ? Promise.reject(new Error("connection reset")) : target.$transaction(...a))
          : Reflect.get(target, key),
    });
    const apply = createCheckInQueue(failingOnce, { historyDays: 7 });
    const now = new Date();
    const bodies = devices.map((d) => checkInBodyFrom(d.body, { compliance: { ...d.body.compliance, installedApps: ["com.example.retried"] } }));
    // Handed in together (same tick): one round of four, which fails, then four rounds of one.
    const answers = await Promise.all(devices.map((d, i) => apply({ deviceId: d.id, body: bodies[i]!, now })));
    expect(answers.map((a) => [a.outcome.kind, a.state?.id])).toEqual(devices.map((d) => ["applied", d.id]));
    expect(transactions).toBe(1 + devices.length);
    for (const [i, d] of devices.entries()) {
      expect(await prisma().checkIn.count({ where: { deviceId: d.id, checkInId: bodies[i]!.checkInId } })).toBe(1);
      expect((await prisma().device.findUniqueOrThrow({ where: { id: d.id } })).installedApps).toEqual(["com.example.retried"]);
    }
    // A lone check-in whose transaction fails is answered with its error.
    transactions = 0;
    await expect(apply({ deviceId: devices[0]!.id, body: checkInBodyFrom(devices[0]!.body), now })).rejects.toThrow("connection reset");
  });

  it("refuses bad credentials: 401 none or unknown, 403 another device's token", async () => {
    const a = await enrol(ctx, apiKey);
    const b = await enrol(ctx, apiKey);
    const body = checkInBodyFrom(a.body);
    const missing = await call(ctx, "checkIn", jsonRequest("POST", `/api/v1/devices/${a.id}/check-ins`, { body }), { id: a.id });
    expect([missing.status, missing.headers.get("www-authenticate"), missing.body.problems]).toEqual([401, expect.stringContaining("Bearer"), [{ field: "Authorization", problem: expect.stringContaining("missing") }]]);
    expect((await checkIn(ctx, a, body, `cdt_${"A".repeat(43)}`)).status).toBe(401);
    expect((await checkIn(ctx, a, body, apiKey)).body.problems).toEqual([{ field: "Authorization", problem: "an API key is not a device token" }]);
    const foreign = await checkIn(ctx, a, body, b.token);
    expect([foreign.status, foreign.body.error]).toEqual([403, "forbidden"]);
    expect(await prisma().checkIn.count({ where: { checkInId: body.checkInId } })).toBe(0);
    const enrolWithToken = await call(ctx, "enroll", jsonRequest("POST", "/api/v1/enrollments", { token: a.token, body: enrollmentBody() }));
    expect([enrolWithToken.status, enrolWithToken.body.problems]).toEqual([401, [{ field: "Authorization", problem: "a device token is not an API key" }]]);
  });

  it("refuses bad bodies naming the field: 400, 413, 415", async () => {
    const device = await enrol(ctx, apiKey);
    const path = `/api/v1/devices/${device.id}/check-ins`;
    const post = (init: Parameters<typeof jsonRequest>[2]) => call(ctx, "checkIn", jsonRequest("POST", path, { token: device.token, ...init }), { id: device.id });
    const valid = checkInBodyFrom(device.body);

    const wrongGuid = await post({ body: { ...valid, azure: { deviceId: "007c8232-9489-4074-9b35", clientStatusCode: "Success" } } });
    expect([wrongGuid.status, wrongGuid.body.error, wrongGuid.body.problems]).toEqual([400, "invalid_body", [{ field: "azure.deviceId", problem: expect.stringContaining("GUID") }]]);
    const unknownCode = await post({ body: { ...valid, azure: { deviceId: null, clientStatusCode: "Cancelled" } } });
    expect(unknownCode.body.problems).toEqual([{ field: "azure.clientStatusCode", problem: expect.stringContaining("User_Canceled") }]);
    expect((await post({ body: { ...valid, isCompliant: true } })).body.problems).toEqual([{ field: "isCompliant", problem: "unknown field" }]);
    expect((await post({ body: { ...valid, inventory: { ...valid.inventory, name: "a\u0000b" } } })).body.problems).toEqual([{ field: "inventory.name", problem: expect.stringContaining("control") }]);

    const big = await post({ raw: JSON.stringify({ ...valid, pad: "x".repeat(70_000) }), headers: { "content-type": "application/json" } });
    expect([big.status, big.body.error]).toEqual([413, "body_too_large"]);
    // A chunked body without a declared length is cut off while it is read.
    const chunk = new TextEncoder().encode(" ".repeat(16_384));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => (sent++ < 10 ? c.enqueue(chunk) : c.close()) });
    expect((await post({ raw: stream, headers: { "content-type": "application/json" } })).status).toBe(413);
    expect(sent).toBeLessThan(10);

    const text = await post({ raw: JSON.stringify(valid), headers: { "content-type": "text/plain" } });
    expect([text.status, text.body.problems]).toEqual([415, [{ field: "Content-Type", problem: expect.stringContaining("application/json") }]]);
    expect((await post({ raw: JSON.stringify(valid) })).status).toBe(415);
    const truncated = await post({ raw: JSON.stringify(valid).slice(0, 40), headers: { "content-type": "application/json" } });
    expect([truncated.status, truncated.body.error]).toEqual([400, "invalid_json"]);
    const latin1 = await post({ raw: new Uint8Array([0x7b, 0xff, 0x7d]), headers: { "content-type": "application/json" } });
    expect([latin1.status, latin1.body.error]).toEqual([400, "invalid_encoding"]);
    expect(await prisma().checkIn.count({ where: { deviceId: device.id } })).toBe(0);
  });

  it("limits check-ins per device (429 with Retry-After), each device on its own", async () => {
    const limited = testApiContext(prisma(), 3);
    const a = await enrol(limited, apiKey);
    const b = await enrol(limited, apiKey);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await checkIn(limited, a, checkInBodyFrom(a.body))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await checkIn(limited, a, checkInBodyFrom(a.body));
    expect([refused.status, Number(refused.headers.get("retry-after")) >= 1, refused.body.error]).toEqual([429, true, "too_many_requests"]);
    expect(await prisma().checkIn.count({ where: { deviceId: a.id } })).toBe(3);
    expect((await checkIn(limited, b, checkInBodyFrom(b.body))).status).toBe(200);
  });

  it("admin reads: devices with the UI's filters and reports, paged; strict parameters; revoked keys refused", async () => {
    const special = await enrol(ctx, apiKey, enrollmentBody({ platform: "ANDROID", inventory: { ...enrollmentBody().inventory, name: "Zebra TC52 warehouse", manufacturer: "Zebra Technologies", model: "TC52", osVersion: "13" } }));
    const list = await call(ctx, "listDevices", jsonRequest("GET", "/api/v1/devices?platform=ANDROID&q=warehouse&size=25", { token: apiKey }));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, size: 25, total: 1, pages: 1, items: [{ id: special.id, platform: "ANDROID", verdict: "COMPLIANT" }] });
    const all = await call(ctx, "listDevices", jsonRequest("GET", "/api/v1/devices?size=25&sort=lastCheckIn&dir=desc", { token: apiKey }));
    expect((all.body.items as unknown[]).length).toBe(Math.min(25, all.body.total as number));
    const bad = await call(ctx, "listDevices", jsonRequest("GET", "/api/v1/devices?platform=WINDOWS&size=30&colour=red", { token: apiKey }));
    expect([bad.status, (bad.body.problems as { field: string }[]).map((p) => p.field).sort()]).toEqual([400, ["colour", "platform", "size"]]);
    expect((await call(ctx, "listDevices", jsonRequest("GET", "/api/v1/devices?page=1&page=2", { token: apiKey }))).body.problems).toEqual([{ field: "page", problem: "given more than once" }]);

    const reports = await call(ctx, "listReports", jsonRequest("GET", `/api/v1/reports?deviceId=${special.id}&trigger=INVENTORY_CHANGE`, { token: apiKey }));
    expect(reports.body).toMatchObject({ total: 1, items: [{ deviceId: special.id, trigger: "INVENTORY_CHANGE", state: "QUEUED" }] });
    expect((await call(ctx, "listReports", jsonRequest("GET", "/api/v1/reports?from=yesterday", { token: apiKey }))).status).toBe(400);

    const other = await testApiKey(prisma(), "to revoke");
    await prisma().apiKey.update({ where: { hash: hashCredential(other) }, data: { revokedAt: new Date() } });
    const revoked = await call(ctx, "listDevices", jsonRequest("GET", "/api/v1/devices", { token: other }));
    expect([revoked.status, (revoked.body.problems as { problem: string }[])[0]?.problem]).toEqual([401, expect.stringContaining("revoked")]);
    expect((await call(ctx, "listDevices", jsonRequest("GET", "/api/v1/devices"))).status).toBe(401);
  });
});
