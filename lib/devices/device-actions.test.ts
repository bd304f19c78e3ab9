import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { testDatabases } from "../db/test-databases";
import { seedDevices } from "../reporting/testing";
import { resyncDevice } from "./resync-device";
import { retireOneDevice } from "./retire-device";

const who = { requestedBy: "helpdesk@contoso.example", traceId: "6c1f0a7d-93a4-4a36-8d3b-0f6c1f0a7d11" };

describe.each(testDatabases())("device page actions on $name", (factory) => {
  let database: Database;
  let ids: string[];
  const prisma = () => database.prisma;

  beforeAll(async () => {
    database = await factory.open();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await prisma().report.deleteMany();
    await prisma().device.deleteMany();
    ids = await seedDevices(prisma(), 3, { withoutAzureId: 1, prefix: `a${Date.now()}` });
  });

  it("Resync queues a manual report with who asked and the trace id; a second press while it is in flight queues nothing", async () => {
    expect(await resyncDevice(prisma(), ids[1]!, who)).toEqual({ kind: "queued" });
    const second = await resyncDevice(prisma(), ids[1]!, who);
    expect(second).toMatchObject({ kind: "in-flight", state: "QUEUED" });
    const reports = await prisma().report.findMany({ where: { deviceId: ids[1]! } });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ trigger: "MANUAL", state: "QUEUED", requestedBy: who.requestedBy, traceId: who.traceId });
  });

  it("a report being sent or awaiting Microsoft counts as in flight too", async () => {
    await resyncDevice(prisma(), ids[2]!, who);
    await prisma().report.updateMany({ where: { deviceId: ids[2]! }, data: { state: "ACCEPTED", attempts: 1, acceptedAt: new Date() } });
    expect(await resyncDevice(prisma(), ids[2]!, who)).toMatchObject({ kind: "in-flight", state: "ACCEPTED" });
    expect(await prisma().report.count({ where: { deviceId: ids[2]! } })).toBe(1);
  });

  it("a device without an Azure device ID is skipped with the reason; unknown and retired devices change nothing", async () => {
    expect(await resyncDevice(prisma(), ids[0]!, who)).toEqual({ kind: "skipped" });
    const skipped = await prisma().report.findFirstOrThrow({ where: { deviceId: ids[0]! } });
    expect(skipped).toMatchObject({ state: "SKIPPED", errorCode: "User_Canceled" });
    expect(await resyncDevice(prisma(), "00000000-0000-4000-8000-000000000000", who)).toEqual({ kind: "not-found" });
    await prisma().device.update({ where: { id: ids[1]! }, data: { lifecycle: "RETIRED" } });
    expect(await resyncDevice(prisma(), ids[1]!, who)).toEqual({ kind: "retired" });
    expect(await prisma().report.count({ where: { deviceId: ids[1]! } })).toBe(0);
  });

  it("Retire queues the removal and marks the device Retire pending; without an Azure device ID it is retired at once", async () => {
    const queued = await retireOneDevice(prisma(), ids[1]!, who);
    expect(queued).toMatchObject({ kind: "queued", before: "ACTIVE", after: "RETIRE_PENDING" });
    const report = await prisma().report.findFirstOrThrow({ where: { deviceId: ids[1]! } });
    expect(report).toMatchObject({ id: (queued as { reportId: string }).reportId, trigger: "RETIRE", managementState: "notManaged", complianceStatus: "notCompliant", traceId: who.traceId });

    expect(await retireOneDevice(prisma(), ids[0]!, who)).toMatchObject({ kind: "retired-now", before: "ACTIVE", after: "RETIRED" });
    expect(await retireOneDevice(prisma(), ids[0]!, who)).toEqual({ kind: "already-retired" });
    expect(await retireOneDevice(prisma(), "00000000-0000-4000-8000-000000000000", who)).toEqual({ kind: "not-found" });
  });
});
