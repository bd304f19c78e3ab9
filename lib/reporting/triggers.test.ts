import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { claimDueReports } from "../db/reports";
import { testDatabases } from "../db/test-databases";
import type { ComplianceResult } from "../domain/compliance";
import { explainReportTime } from "../domain/report-time";
import { seedDevices } from "./testing";
import { applyEvaluation, queueReport, recordInventory, requestResync, retireDevice } from "./triggers";

const verdict = (v: "COMPLIANT" | "NOT_COMPLIANT", retire = false): ComplianceResult => ({
  verdict: v,
  complianceStatus: v === "COMPLIANT" ? "compliant" : "notCompliant",
  winningAction: retire ? "RETIRE" : v === "COMPLIANT" ? null : "QUARANTINE",
  retire,
  decidedBy: [],
  policies: [],
});

describe.each(testDatabases())("report triggers on $name", (factory) => {
  let database: Database;
  let ids: string[];
  const prisma = () => database.prisma;
  const reports = (deviceId: string) => prisma().report.findMany({ where: { deviceId }, orderBy: { lastUpdateTime: "asc" } });

  beforeAll(async () => {
    database = await factory.open();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await prisma().report.deleteMany();
    await prisma().device.deleteMany();
    ids = await seedDevices(prisma(), 6, { withoutAzureId: 1, prefix: `t${Date.now()}` });
  });

  it("coalesces: a newer report supersedes an unsent one, and LastUpdateTime strictly increases", async () => {
    const id = ids[1]!;
    const now = new Date();
    await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL", { requestedBy: "ana@contoso.example" }));
    // Same instant: the second still gets a later LastUpdateTime.
    await prisma().$transaction((tx) => queueReport(tx, id, "WEEKLY"));
    await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL"));
    const rows = await reports(id);
    expect(rows.map((r) => r.state)).toEqual(["SUPERSEDED", "SUPERSEDED", "QUEUED"]);
    expect(rows[0]!.requestedBy).toBe("ana@contoso.example");
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.lastUpdateTime.getTime()).toBeGreaterThan(rows[i - 1]!.lastUpdateTime.getTime());
    expect(rows[2]!.lastUpdateTime.getTime()).toBeGreaterThanOrEqual(now.getTime());
    expect(rows[2]!.payload).toMatchObject({ entities: null, snapshot: { inventory: { osVersion: "17.0" } } });
    const device = await prisma().device.findUniqueOrThrow({ where: { id } });
    expect(device.azureState).toBe("IN_PROGRESS");
  });

  it("never claims a second report of a device while one is in flight", async () => {
    const id = ids[2]!;
    await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL"));
    const now = new Date();
    const first = await claimDueReports(prisma(), "w1", 10, now, new Date(now.getTime() + 60_000));
    expect(first).toHaveLength(1);
    await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL"));
    const later = new Date(now.getTime() + 1000);
    expect(await claimDueReports(prisma(), "w2", 10, later, new Date(later.getTime() + 60_000))).toEqual([]);
    // Once the lease has expired, the in-flight one (not the newer) is taken over.
    const expired = new Date(now.getTime() + 120_000);
    expect(await claimDueReports(prisma(), "w2", 10, expired, new Date(expired.getTime() + 60_000))).toEqual(first);
  });

  it("skips a device without an Azure device ID and says why", async () => {
    const id = ids[0]!;
    await prisma().$transaction((tx) => queueReport(tx, id, "MANUAL"));
    const [row] = await reports(id);
    expect(row).toMatchObject({ state: "SKIPPED", errorCode: "User_Canceled" });
    expect(row!.skippedAt).toBeInstanceOf(Date);
    const d = await prisma().device.findUniqueOrThrow({ where: { id } });
    expect(d).toMatchObject({ azureState: "ERROR", azureLastErrorCode: "User_Canceled" });
    const explanation = explainReportTime({
      integrationEnabled: true,
      azureDeviceId: d.azureDeviceId,
      clientStatusCode: d.clientStatusCode,
      azureState: d.azureState,
      azureReportedAt: d.azureReportedAt,
      lastErrorCode: d.azureLastErrorCode,
      lastErrorDetail: d.azureLastErrorDetail,
    });
    expect(explanation).toEqual({ kind: "error", code: "User_Canceled", detail: null });
  });

  it("fires on a verdict change only, and retires when RETIRE wins", async () => {
    const id = ids[3]!;
    expect(await prisma().$transaction((tx) => applyEvaluation(tx, id, verdict("COMPLIANT")))).toBeNull();
    expect(await prisma().$transaction((tx) => applyEvaluation(tx, id, verdict("NOT_COMPLIANT")))).toBe("COMPLIANCE_CHANGE");
    const [row] = await reports(id);
    expect(row).toMatchObject({ trigger: "COMPLIANCE_CHANGE", complianceStatus: "notCompliant", managementState: "managed" });
    expect(await prisma().$transaction((tx) => applyEvaluation(tx, id, verdict("NOT_COMPLIANT", true)))).toBe("RETIRE");
    const rows = await reports(id);
    expect(rows.map((r) => [r.trigger, r.state, r.managementState])).toEqual([
      ["COMPLIANCE_CHANGE", "SUPERSEDED", "managed"],
      ["RETIRE", "QUEUED", "notManaged"],
    ]);
    expect((await prisma().device.findUniqueOrThrow({ where: { id } })).lifecycle).toBe("RETIRE_PENDING");
    // A retiring device is not reported as managed again by later changes.
    expect(await prisma().$transaction((tx) => applyEvaluation(tx, id, verdict("COMPLIANT")))).toBeNull();
  });

  it("fires on an inventory change only when the fingerprint changes", async () => {
    const id = ids[4]!;
    const d = await prisma().device.findUniqueOrThrow({ where: { id } });
    const inventory = { name: d.name, platform: d.platform, manufacturer: d.manufacturer, model: d.model, osVersion: d.osVersion, serialNumber: d.serialNumber, ownerUpn: d.ownerUpn, azureDeviceId: d.azureDeviceId };
    expect(await prisma().$transaction((tx) => recordInventory(tx, id, inventory))).toBe(false);
    expect(await prisma().$transaction((tx) => recordInventory(tx, id, { ...inventory, osVersion: "18.1" }))).toBe(true);
    const [row] = await reports(id);
    expect(row).toMatchObject({ trigger: "INVENTORY_CHANGE", payload: { snapshot: { inventory: { osVersion: "18.1" } } } });
  });

  it("resyncs a selection or a filter, counting queued, skipped and already waiting", async () => {
    await prisma().$transaction((tx) => queueReport(tx, ids[5]!, "MANUAL"));
    const result = await requestResync(prisma(), { deviceIds: ids }, { requestedBy: "helpdesk@contoso.example", traceId: "11111111-1111-4111-8111-111111111111" });
    expect(result).toEqual({ queued: 4, skipped: 1, alreadyInFlight: 1 });
    const manual = await prisma().report.findMany({ where: { traceId: "11111111-1111-4111-8111-111111111111" } });
    expect(manual.every((r) => r.requestedBy === "helpdesk@contoso.example")).toBe(true);

    await prisma().report.deleteMany();
    const filtered = await requestResync(prisma(), { filter: { page: 1, size: 50, sort: "name", dir: "asc", noAzureId: "1" } }, { requestedBy: "admin@contoso.example" });
    expect(filtered).toEqual({ queued: 0, skipped: 1, alreadyInFlight: 0 });
  });

  it("retires a device without an Azure device ID at once (nothing of it is in Azure)", async () => {
    await prisma().$transaction((tx) => retireDevice(tx, ids[0]!, { requestedBy: "admin@contoso.example" }));
    const d = await prisma().device.findUniqueOrThrow({ where: { id: ids[0]! } });
    expect(d.lifecycle).toBe("RETIRED");
    expect((await reports(ids[0]!))[0]).toMatchObject({ trigger: "RETIRE", state: "SKIPPED" });
  });
});
