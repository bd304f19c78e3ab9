import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { failingDeviceCounts, findPolicy } from "../db/policies";
import { testDatabases } from "../db/test-databases";
import type { PolicyInput } from "../domain/compliance";
import { draftAsPolicyInput, type PolicyDraft } from "../domain/policy-draft";
import { reevaluationStep, runReevaluations } from "../reporting/reevaluator";
import { seedDevices, testUuid } from "../reporting/testing";
import { previewPolicyChange } from "./impact-preview";
import { storedAsPolicyInput } from "./policy-inputs";
import { deletePolicy, policyVersion, savePolicy } from "./save-policy";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const STEP = { intervalMs: 10, chunk: 7 };

const minOs: PolicyDraft = { name: "Minimum OS", description: "", platforms: ["IOS", "ANDROID"], enabled: true, rules: { minOsVersion: { IOS: "17.0", ANDROID: "13" } }, actions: ["QUARANTINE"] };
const passcode: PolicyDraft = { name: "Passcode", description: "", platforms: ["IOS", "ANDROID"], enabled: true, rules: { passcodeRequired: true }, actions: ["SEND_ALERT"] };

/** 40 devices: iOS 16.x..18.x and Android 12..14, some without a passcode, a third without an Azure device ID. */
async function seedFleet(prisma: PrismaClient, prefix: string): Promise<string[]> {
  const ids = await seedDevices(prisma, 40, { prefix, withoutAzureId: 13 });
  const ios = ["16.7", "17.0", "17.2", "17.4", "18.1"];
  for (const [i, id] of ids.entries()) {
    const android = i % 4 === 3;
    await prisma.device.update({
      where: { id },
      data: { platform: android ? "ANDROID" : "IOS", osVersion: android ? ["12", "13", "14"][i % 3]! : ios[i % ios.length]!, passcodeSet: i % 6 !== 0, lastCheckInAt: NOW },
    });
  }
  return ids;
}

const context = (traceId: string, expectedVersion: string | null = null) => ({ expectedVersion, requestedBy: "admin@contoso.example", traceId, now: NOW });

async function reportsOf(prisma: PrismaClient, traceId: string) {
  const rows = await prisma.report.groupBy({ by: ["trigger", "state"], where: { traceId }, _count: { _all: true } });
  const byTrigger: Record<string, number> = {};
  let notSent = 0;
  for (const r of rows) {
    byTrigger[r.trigger] = (byTrigger[r.trigger] ?? 0) + r._count._all;
    if (r.state === "SKIPPED") notSent += r._count._all;
  }
  return { COMPLIANCE_CHANGE: byTrigger.COMPLIANCE_CHANGE ?? 0, RETIRE: byTrigger.RETIRE ?? 0, notSent };
}

describe.each(testDatabases())("policy editor on $name", (factory) => {
  let database: Database;
  const prisma = () => database.prisma;
  let minOsId: string;

  beforeAll(async () => {
    database = await factory.open();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await prisma().report.deleteMany();
    await prisma().policyReevaluation.deleteMany();
    await prisma().compliancePolicy.deleteMany();
    await prisma().device.deleteMany();
    await seedFleet(prisma(), `p${Date.now()}`);
    // Verdicts as the starting policies decide them.
    const created = await savePolicy(prisma(), null, minOs, context("setup-1"));
    await savePolicy(prisma(), null, passcode, context("setup-2"));
    await runReevaluations(prisma(), STEP, NOW);
    if (!created.ok) throw new Error("setup");
    minOsId = created.after!.id;
  });

  async function previewThenSave(id: string | null, draft: PolicyDraft, traceId: string) {
    const before = id ? await findPolicy(prisma(), id) : null;
    const change = { kind: "save" as const, before: before ? storedAsPolicyInput(before) : null, after: draftAsPolicyInput(id ?? "new", draft) };
    const preview = await previewPolicyChange(prisma(), change, NOW, 6);
    const saved = await savePolicy(prisma(), id, draft, context(traceId, policyVersion(before)));
    return { preview, saved };
  }

  it("saving does what the preview said: the same devices change, the same reports are queued", async () => {
    const tightened = { ...minOs, rules: { minOsVersion: { IOS: "17.4", ANDROID: "14" } } };
    const { preview, saved } = await previewThenSave(minOsId, tightened, "tighten");
    expect(preview.platforms).toEqual(["IOS", "ANDROID"]);
    expect(preview.toNotCompliant).toBeGreaterThan(5);
    expect(preview.toCompliant).toBe(0);
    expect(preview.notSent).toBeGreaterThan(0);
    expect(saved.ok && saved.reevaluation).toMatchObject({ state: "RUNNING", total: 40, platforms: ["IOS", "ANDROID"], traceId: "tighten" });

    // Nothing is reported until the background re-evaluation runs.
    expect(await reportsOf(prisma(), "tighten")).toEqual({ COMPLIANCE_CHANGE: 0, RETIRE: 0, notSent: 0 });
    await runReevaluations(prisma(), STEP, NOW);
    expect(await reportsOf(prisma(), "tighten")).toEqual({ ...preview.reports, notSent: preview.notSent });
    const job = await prisma().policyReevaluation.findFirstOrThrow({ where: { traceId: "tighten" } });
    expect(job).toMatchObject({ state: "COMPLETED", evaluated: 40, changed: preview.toNotCompliant + preview.toCompliant, retired: preview.retired });

    // The sample's devices now carry the new verdict and the policy that decided it.
    for (const s of preview.sample) {
      const device = await prisma().device.findUniqueOrThrow({ where: { id: s.deviceId }, include: { evaluations: true } });
      expect([device.verdict, device.winningAction]).toEqual([s.to, s.winningAction]);
      expect(device.evaluations.find((e) => e.policyId === minOsId)?.passed).toBe(false);
    }
    // The policy list's count is the evaluations' count.
    const failing = await prisma().device.count({ where: { evaluations: { some: { policyId: minOsId, passed: false } } } });
    expect((await failingDeviceCounts(prisma())).get(minOsId)).toBe(failing);

    // A second look finds nothing more to do.
    const again = await previewPolicyChange(prisma(), { kind: "save", before: draftAsPolicyInput(minOsId, minOs), after: draftAsPolicyInput(minOsId, tightened) }, NOW);
    expect(again.reports).toEqual({ COMPLIANCE_CHANGE: 0, RETIRE: 0 });
  });

  it("loosening and deleting report the devices that become compliant again", async () => {
    const stored = (await findPolicy(prisma(), minOsId))!;
    const change = { kind: "delete" as const, before: storedAsPolicyInput(stored) };
    const preview = await previewPolicyChange(prisma(), change, NOW);
    expect(preview.toCompliant).toBeGreaterThan(0);
    expect(preview.toNotCompliant).toBe(0);
    const deleted = await deletePolicy(prisma(), minOsId, context("delete", policyVersion(stored)));
    expect(deleted.ok).toBe(true);
    await runReevaluations(prisma(), STEP, NOW);
    expect(await reportsOf(prisma(), "delete")).toEqual({ ...preview.reports, notSent: preview.notSent });
    expect(await prisma().device.count({ where: { verdict: "NOT_COMPLIANT" } })).toBe(0);
  });

  it("a Retire policy retires the devices the preview named", async () => {
    const jailbroken = await prisma().device.findMany({ take: 3, orderBy: { id: "asc" }, select: { id: true } });
    await prisma().device.updateMany({ where: { id: { in: jailbroken.map((d) => d.id) } }, data: { jailbroken: true } });
    const draft: PolicyDraft = { name: "Jailbreak", description: "", platforms: ["IOS", "ANDROID"], enabled: true, rules: { noJailbreak: true }, actions: ["SEND_ALERT", "RETIRE"] };
    const { preview, saved } = await previewThenSave(null, draft, "retire");
    expect(preview.retired).toBe(3);
    expect(preview.sample.map((s) => s.deviceId).sort()).toEqual(jailbroken.map((d) => d.id).sort());
    expect(saved.ok).toBe(true);
    await runReevaluations(prisma(), STEP, NOW);
    expect(await reportsOf(prisma(), "retire")).toEqual({ ...preview.reports, notSent: preview.notSent });
    const lifecycles = await prisma().device.findMany({ where: { id: { in: jailbroken.map((d) => d.id) } }, select: { lifecycle: true } });
    expect(lifecycles.every((d) => d.lifecycle !== "ACTIVE")).toBe(true);
  });

  it("resumes after its cursor: stopping between chunks evaluates no device twice", async () => {
    const tightened = { ...minOs, rules: { minOsVersion: { IOS: "18.0", ANDROID: "14" } } };
    await previewThenSave(minOsId, tightened, "resume");
    // Two steps, then a "restart" (a fresh loop reading the cursor from the database).
    expect((await reevaluationStep(prisma(), { ...STEP, window: 1000 }, NOW)).result).toBe("evaluated");
    expect((await reevaluationStep(prisma(), { ...STEP, window: 1000 }, NOW)).result).toBe("evaluated");
    const midway = await prisma().policyReevaluation.findFirstOrThrow({ where: { traceId: "resume" } });
    expect(midway.evaluated).toBe(14);
    await runReevaluations(prisma(), STEP, NOW);
    const perDevice = await prisma().report.groupBy({ by: ["deviceId"], where: { traceId: "resume" }, _count: { _all: true } });
    expect(perDevice.every((d) => d._count._all === 1)).toBe(true);
    expect(await prisma().policyReevaluation.findFirstOrThrow({ where: { traceId: "resume" } })).toMatchObject({ state: "COMPLETED", evaluated: 40 });
  });

  it("waits while a window's worth of its reports is outstanding", async () => {
    await previewThenSave(minOsId, { ...minOs, rules: { minOsVersion: { IOS: "18.0", ANDROID: "14" } } }, "window");
    expect((await reevaluationStep(prisma(), { ...STEP, window: 1 }, NOW)).result).toBe("evaluated");
    expect((await reevaluationStep(prisma(), { ...STEP, window: 1 }, NOW)).result).toBe("waiting");
    // With the integration off nothing is sent: the verdicts are still brought up to date.
    await prisma().azureSettings.update({ where: { id: 1 }, data: { enabled: false } });
    expect((await reevaluationStep(prisma(), { ...STEP, window: 1 }, NOW)).result).toBe("evaluated");
    await prisma().azureSettings.update({ where: { id: 1 }, data: { enabled: true } });
  });

  it("re-evaluates nothing for a rename, and refuses a stale save, a taken name and an unknown policy", async () => {
    const stored = (await findPolicy(prisma(), minOsId))!;
    const renamed = await savePolicy(prisma(), minOsId, { ...minOs, name: "Minimum OS (renamed)" }, context("rename", policyVersion(stored)));
    expect(renamed).toMatchObject({ ok: true, reevaluation: null });
    // The preview was made against the version before the rename: refused.
    expect(await savePolicy(prisma(), minOsId, minOs, context("stale", policyVersion(stored)))).toEqual({ ok: false, reason: "stale" });
    const current = (await findPolicy(prisma(), minOsId))!;
    expect(await savePolicy(prisma(), minOsId, { ...minOs, name: "Passcode" }, context("taken", policyVersion(current)))).toEqual({ ok: false, reason: "nameTaken" });
    expect(await savePolicy(prisma(), null, { ...minOs, name: "Passcode" }, context("taken"))).toEqual({ ok: false, reason: "nameTaken" });
    expect(await deletePolicy(prisma(), testUuid("nothing"), context("gone"))).toEqual({ ok: false, reason: "notFound" });
    expect(await prisma().policyReevaluation.count({ where: { traceId: { in: ["rename", "stale", "taken", "gone"] } } })).toBe(0);
  });

  it("a check-in's evaluation made against a policy deleted meanwhile is saved without it", async () => {
    const { applyEvaluations } = await import("../reporting/triggers");
    const { evaluateCompliance } = await import("../domain/compliance");
    const device = await prisma().device.findFirstOrThrow({ where: { platform: "IOS", osVersion: "16.7" } });
    const policies: PolicyInput[] = [draftAsPolicyInput(minOsId, minOs)];
    const result = evaluateCompliance({ ...device, installedApps: device.installedApps }, policies, NOW);
    await prisma().compliancePolicy.delete({ where: { id: minOsId } });
    await prisma().$transaction((tx) => applyEvaluations(tx, [{ deviceId: device.id, result }], NOW));
    expect(await prisma().policyEvaluation.count({ where: { deviceId: device.id, policyId: minOsId } })).toBe(0);
  });
});
