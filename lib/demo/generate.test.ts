import { beforeAll, describe, expect, it } from "vitest";
import { evaluateCompliance, type PolicyInput } from "../domain/compliance";
import { inventoryFingerprint } from "../domain/inventory";
import { parsePolicyRules } from "../domain/policy-rules";
import { explainReportTime } from "../domain/report-time";
import type { InventoryEntity, ComplianceEntity } from "../domain/report-payload";
import { AZURE_COMPLIANCE_STATES, CLIENT_STATUS_CODES, POLICY_ACTIONS, REPORT_STATES, REPORT_TRIGGERS } from "../domain/types";
import { DEMO_TENANT_ID, DEMO_USERS } from "./fixtures";
import { generateDemoFleet, streamDemoFleet, type DemoFleet } from "./generate";
import type { DemoDevice, DemoReport } from "./rows";

const NOW = new Date("2026-02-11T15:29:08.000Z");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DAY = 86_400_000;

const fleets = new Map<number, DemoFleet>();
function fleet(devices: number, seed = 7): DemoFleet {
  const key = devices * 1000 + seed;
  if (!fleets.has(key)) fleets.set(key, generateDemoFleet({ devices, seed, now: NOW }));
  return fleets.get(key)!;
}

function reportsByDevice(f: DemoFleet): Map<string, DemoReport[]> {
  const map = new Map<string, DemoReport[]>();
  for (const report of f.reports) {
    const list = map.get(report.deviceId) ?? [];
    list.push(report);
    map.set(report.deviceId, list);
  }
  for (const list of map.values()) list.sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime());
  return map;
}

function policyInputs(f: DemoFleet): PolicyInput[] {
  return f.policies.map((p) => ({
    id: p.id,
    name: p.name,
    enabled: p.enabled,
    platforms: p.platforms as PolicyInput["platforms"],
    rules: parsePolicyRules(p.rules),
    actions: p.actions,
  }));
}

const entitiesOf = (r: DemoReport) => (r.payload as unknown as { entities: [InventoryEntity, ComplianceEntity] | null }).entities;
const count = <T>(items: T[], key: (item: T) => unknown) => {
  const counts = new Map<unknown, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const sizes = [50, 200, 1500];

describe("generateDemoFleet: determinism", () => {
  it("gives deep-equal fleets for the same options", () => {
    expect(generateDemoFleet({ devices: 120, seed: 3, now: NOW })).toEqual(generateDemoFleet({ devices: 120, seed: 3, now: new Date(NOW) }));
  });

  it("gives a different fleet for another seed", () => {
    const a = generateDemoFleet({ devices: 60, seed: 1, now: NOW });
    const b = generateDemoFleet({ devices: 60, seed: 2, now: NOW });
    expect(a.devices.map((d) => d.id)).not.toEqual(b.devices.map((d) => d.id));
  });

  it("streams exactly the rows generateDemoFleet returns, whatever the chunk size", () => {
    const stream = streamDemoFleet({ devices: 150, seed: 3, now: NOW });
    const chunks = [...stream.chunks(37)];
    expect(chunks.map((c) => c.devices.length)).toEqual([37, 37, 37, 37, 2]);
    const whole = generateDemoFleet({ devices: 150, seed: 3, now: NOW });
    expect(chunks.flatMap((c) => c.devices)).toEqual(whole.devices);
    expect(chunks.flatMap((c) => c.reports)).toEqual(whole.reports);
    expect(chunks.flatMap((c) => c.evaluations)).toEqual(whole.evaluations);
    expect(chunks.flatMap((c) => c.auditEvents)).toEqual(whole.auditEvents);
    expect(stream.weeklyRuns()).toEqual(whole.weeklyRuns);
    expect(stream.header.policies).toEqual(whole.policies);
  });

  it("anchors every date to now: nothing after it, enrolments within two years", () => {
    const f = fleet(1500);
    const dates: Date[] = [];
    for (const d of f.devices) dates.push(d.enrolledAt, d.lastCheckInAt, d.evaluatedAt, d.updatedAt, ...(d.retiredAt ? [d.retiredAt] : []));
    for (const r of f.reports) {
      for (const t of [r.queuedAt, r.sendingAt, r.acceptedAt, r.completedAt, r.failedAt, r.skippedAt, r.supersededAt]) if (t) dates.push(t);
    }
    for (const a of f.auditEvents) dates.push(a.at);
    expect(dates.every((d) => d.getTime() <= NOW.getTime())).toBe(true);
    expect(f.devices.every((d) => NOW.getTime() - d.enrolledAt.getTime() <= 731 * DAY)).toBe(true);
  });

  it("handles an empty fleet", () => {
    const f = generateDemoFleet({ devices: 0, seed: 1, now: NOW });
    expect(f.devices).toEqual([]);
    expect(f.weeklyRuns.map((r) => r.total)).toEqual([0, 0, 0, 0]);
    expect(f.policies.length).toBeGreaterThan(0);
  });
});

describe("generateDemoFleet: realism", () => {
  it("is about 55% iOS and 80% Success, with real models, names and identifiers", () => {
    const f = fleet(1500);
    const ios = f.devices.filter((d) => d.platform === "IOS").length / f.devices.length;
    expect(ios).toBeGreaterThan(0.5);
    expect(ios).toBeLessThan(0.61);
    const success = f.devices.filter((d) => d.clientStatusCode === "Success").length / f.devices.length;
    expect(success).toBeGreaterThan(0.74);
    expect(success).toBeLessThan(0.85);
    for (const d of f.devices) {
      expect(d.ownerUpn).toMatch(/^[a-z]+\.[a-z]+\d*@contoso\.example$/);
      if (d.platform === "IOS") {
        expect(d.manufacturer).toBe("Apple");
        expect(d.udid).toMatch(/^0000[0-9A-F]{4}-[0-9A-F]{16}$/);
        expect(d.serialNumber).toMatch(/^[0-9A-Z]{10,12}$/);
      } else {
        expect(d.udid).toBeNull();
      }
      if (d.imei !== null) expect(d.imei).toMatch(/^35\d{13}$/);
    }
    expect(f.devices.some((d) => /^.+'s iPhone$/.test(d.name))).toBe(true);
    expect(f.devices.some((d) => /^iPhone de .+$/.test(d.name))).toBe(true);
    expect(f.devices.some((d) => /^SM-[A-Z]\d{3}[A-Z]?-\d{4}$/.test(d.name))).toBe(true);
    expect(new Set(f.devices.map((d) => d.model))).toContain("Galaxy S23");
    expect(new Set(f.devices.map((d) => d.model))).toContain("TC52");
  });

  it("keeps 1 to 6 reports per reported device, and none for devices without a client status", () => {
    const f = fleet(1500);
    const byDevice = reportsByDevice(f);
    for (const d of f.devices) {
      const n = byDevice.get(d.id)?.length ?? 0;
      if (d.clientStatusCode === null) expect(n).toBe(0);
      else {
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(6);
      }
    }
  });

  it("gives one Entra user id per owner", () => {
    const f = fleet(1500);
    const idOf = new Map<string, string>();
    for (const r of f.reports) {
      const entities = entitiesOf(r);
      if (!entities) continue;
      const prior = idOf.get(entities[0].UPN);
      if (prior) expect(entities[0].UserId).toBe(prior);
      idOf.set(entities[0].UPN, entities[0].UserId);
    }
    expect(new Set(idOf.values()).size).toBe(idOf.size);
  });
});

describe.each(sizes)("generateDemoFleet: coverage with %i devices", (devices) => {
  let f: DemoFleet;
  beforeAll(() => {
    f = fleet(devices);
  });

  it("has every client status code, each at least twice, and devices with none yet", () => {
    const counts = count(f.devices, (d) => d.clientStatusCode);
    for (const code of CLIENT_STATUS_CODES) expect(counts.get(code) ?? 0, code).toBeGreaterThanOrEqual(2);
    expect(counts.get(null) ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("has every Azure compliance state and devices never reported", () => {
    const counts = count(f.devices, (d) => d.azureState);
    for (const state of AZURE_COMPLIANCE_STATES) expect(counts.get(state) ?? 0, state).toBeGreaterThanOrEqual(1);
    expect(counts.get(null) ?? 0).toBeGreaterThanOrEqual(1);
  });

  it("makes every policy action win for some device, and some devices violate nothing", () => {
    const counts = count(f.devices, (d) => d.winningAction);
    for (const action of POLICY_ACTIONS) expect(counts.get(action) ?? 0, action).toBeGreaterThanOrEqual(2);
    expect(counts.get(null) ?? 0).toBeGreaterThan(0);
  });

  it("has every lifecycle, report state and trigger", () => {
    const lifecycles = count(f.devices, (d) => d.lifecycle);
    for (const l of ["ACTIVE", "RETIRE_PENDING", "RETIRED"]) expect(lifecycles.get(l) ?? 0, l).toBeGreaterThanOrEqual(1);
    const states = count(f.reports, (r) => r.state);
    for (const s of REPORT_STATES) expect(states.get(s) ?? 0, s).toBeGreaterThanOrEqual(1);
    const triggers = count(f.reports, (r) => r.trigger);
    for (const t of REPORT_TRIGGERS) expect(triggers.get(t) ?? 0, t).toBeGreaterThanOrEqual(1);
  });

  it("has Microsoft-like failures: InvalidDeviceId (400), TooManyRequests (429), a failed poll", () => {
    const failed = f.reports.filter((r) => r.state === "FAILED");
    const codes = new Map(failed.map((r) => [r.errorCode, r.httpStatus]));
    expect(codes.get("InvalidDeviceId")).toBe(400);
    expect(codes.get("TooManyRequests")).toBe(429);
    expect(codes.get("InvalidUserId")).toBe(200);
    for (const r of failed.filter((x) => x.errorCode === "InvalidDeviceId")) {
      const device = f.devices.find((d) => d.id === r.deviceId)!;
      expect(r.errorDetail).toBe(`The device id ${device.azureDeviceId} was not found in tenant ${DEMO_TENANT_ID}.`);
    }
  });

  it("has every reason for a blank report time, and reported times", () => {
    const kinds = new Map<string, Set<string>>();
    for (const d of f.devices) {
      const explanation = explainReportTime({
        integrationEnabled: true,
        azureDeviceId: d.azureDeviceId,
        clientStatusCode: d.clientStatusCode,
        azureState: d.azureState,
        azureReportedAt: d.azureReportedAt,
        lastErrorCode: d.azureLastErrorCode,
        lastErrorDetail: d.azureLastErrorDetail,
      });
      const codes = kinds.get(explanation.kind) ?? new Set();
      if (explanation.kind === "error") codes.add(explanation.code);
      kinds.set(explanation.kind, codes);
    }
    expect([...kinds.keys()].sort()).toEqual(["error", "pending", "reported"]);
    // Errors from the device (client status codes) and from Microsoft.
    expect(kinds.get("error")).toContain("User_Canceled");
    expect(kinds.get("error")).toContain("Internal_Error");
    expect(kinds.get("error")).toContain("InvalidDeviceId");
    // "Disabled" is a global setting: with the integration switched off, every blank time says so.
    const blank = f.devices.find((d) => d.azureReportedAt === null)!;
    expect(
      explainReportTime({
        integrationEnabled: false,
        azureDeviceId: blank.azureDeviceId,
        clientStatusCode: blank.clientStatusCode,
        azureState: blank.azureState,
        azureReportedAt: null,
        lastErrorCode: blank.azureLastErrorCode,
        lastErrorDetail: blank.azureLastErrorDetail,
      }).kind,
    ).toBe("disabled");
    expect(f.settings.enabled).toBe(true);
  });

  it("has pending devices that are queued and never reported, as the seed describes", () => {
    const pending = f.devices.filter((d) => d.azureState === "IN_PROGRESS" && d.azureReportedAt === null);
    expect(pending.length).toBeGreaterThanOrEqual(1);
    const byDevice = reportsByDevice(f);
    expect(pending.some((d) => byDevice.get(d.id)!.at(-1)!.state === "QUEUED")).toBe(true);
  });

  it("has manual resyncs (one superseded by a second press) with their audit events", () => {
    const manual = f.reports.filter((r) => r.trigger === "MANUAL");
    expect(manual.length).toBeGreaterThanOrEqual(2);
    expect(manual.some((r) => r.state === "SUPERSEDED")).toBe(true);
  });
});

// The product's default seed, and a `now` just after a weekly run's start (that run is not one of the four).
describe.each([
  { devices: 1500, seed: 7, now: NOW },
  { devices: 400, seed: 20260211, now: new Date("2026-02-08T02:30:00.000Z") },
])("generateDemoFleet: consistency ($devices devices, seed $seed)", ({ devices, seed, now }) => {
  let f: DemoFleet;
  let byDevice: Map<string, DemoReport[]>;
  beforeAll(() => {
    f = now === NOW ? fleet(devices, seed) : generateDemoFleet({ devices, seed, now });
    byDevice = reportsByDevice(f);
  });

  it("takes verdicts, winning actions and evaluations from evaluateCompliance", () => {
    const policies = policyInputs(f);
    const evaluations = new Map<string, typeof f.evaluations>();
    for (const e of f.evaluations) evaluations.set(e.deviceId, [...(evaluations.get(e.deviceId) ?? []), e]);
    for (const d of f.devices) {
      const result = evaluateCompliance(
        {
          platform: d.platform,
          osVersion: d.osVersion,
          passcodeSet: d.passcodeSet,
          encrypted: d.encrypted,
          jailbroken: d.jailbroken,
          installedApps: d.installedApps,
          lastCheckInAt: d.lastCheckInAt,
        },
        policies,
        d.evaluatedAt,
      );
      expect(d.verdict).toBe(result.verdict);
      expect(d.winningAction).toBe(result.winningAction);
      const applied = result.policies.filter((p) => p.applies);
      expect(
        (evaluations.get(d.id) ?? []).map((e) => ({ policyId: e.policyId, passed: e.passed, failures: e.failures, at: e.evaluatedAt })),
      ).toEqual(applied.map((p) => ({ policyId: p.policyId, passed: p.passed, failures: p.failures, at: d.evaluatedAt })));
    }
  });

  it("fingerprints each inventory with inventoryFingerprint", () => {
    for (const d of f.devices) {
      expect(d.inventoryFingerprint).toBe(
        inventoryFingerprint({
          name: d.name,
          platform: d.platform,
          manufacturer: d.manufacturer,
          model: d.model,
          osVersion: d.osVersion,
          serialNumber: d.serialNumber,
          ownerUpn: d.ownerUpn,
          azureDeviceId: d.azureDeviceId,
        }),
      );
    }
  });

  it("gives an Azure device ID exactly to Success devices", () => {
    for (const d of f.devices) {
      if (d.clientStatusCode === "Success") expect(d.azureDeviceId).toMatch(UUID);
      else expect(d.azureDeviceId).toBeNull();
      expect(d.clientStatusReportedAt === null).toBe(d.clientStatusCode === null);
    }
  });

  it("orders each report's timestamps and matches them to its state", () => {
    for (const r of f.reports) {
      const t = (d: Date | null) => d?.getTime() ?? null;
      const chain = [r.queuedAt, r.sendingAt, r.acceptedAt, r.completedAt ?? r.failedAt].map(t).filter((x) => x !== null);
      expect(chain).toEqual([...chain].sort((a, b) => a! - b!));
      expect(r.lastUpdateTime.getTime()).toBe(r.queuedAt.getTime());
      expect(r.completedAt !== null).toBe(r.state === "COMPLETED");
      expect(r.failedAt !== null).toBe(r.state === "FAILED");
      expect(r.skippedAt !== null).toBe(r.state === "SKIPPED");
      expect(r.supersededAt !== null).toBe(r.state === "SUPERSEDED");
      if (["SENDING", "ACCEPTED", "COMPLETED", "FAILED"].includes(r.state)) {
        expect(r.messageId).toMatch(UUID);
        expect(r.attempts).toBeGreaterThanOrEqual(1);
      }
      if (r.state === "ACCEPTED" || r.state === "COMPLETED") expect(r.acceptedAt).not.toBeNull();
      if (r.state === "SKIPPED") expect(r.attempts).toBe(0);
    }
  });

  it("keeps each device's reports coalesced: increasing LastUpdateTime, at most one in flight and only the newest", () => {
    for (const [, reports] of byDevice) {
      for (let i = 1; i < reports.length; i++) {
        expect(reports[i]!.lastUpdateTime.getTime()).toBeGreaterThan(reports[i - 1]!.lastUpdateTime.getTime());
        const previous = reports[i - 1]!;
        if (previous.state === "SUPERSEDED") expect(previous.supersededAt!.getTime()).toBe(reports[i]!.queuedAt.getTime());
        // Finished before the next one was queued.
        const end = previous.completedAt ?? previous.failedAt ?? previous.skippedAt ?? previous.supersededAt;
        expect(end!.getTime()).toBeLessThanOrEqual(reports[i]!.queuedAt.getTime());
      }
      const inFlight = reports.filter((r) => ["QUEUED", "SENDING", "ACCEPTED"].includes(r.state));
      expect(inFlight.length).toBeLessThanOrEqual(1);
      if (inFlight.length === 1) expect(inFlight[0]).toBe(reports.at(-1));
      expect(reports.at(-1)!.state).not.toBe("SUPERSEDED");
    }
  });

  it("sends what buildDeviceEntities builds, consistent with the report and the device", () => {
    const devices = new Map(f.devices.map((d) => [d.id, d]));
    for (const r of f.reports) {
      const d = devices.get(r.deviceId)!;
      const entities = entitiesOf(r);
      if (d.azureDeviceId === null) {
        expect(entities).toBeNull();
        expect(r.state).toBe("SKIPPED");
        expect(r.errorCode).toBe(d.clientStatusCode);
        continue;
      }
      const [inventory, compliance] = entities!;
      expect(inventory.TenantId).toBe(DEMO_TENANT_ID);
      expect(inventory.DeviceId).toBe(d.azureDeviceId);
      expect(inventory.LastUpdateTime).toBe(r.lastUpdateTime.toISOString());
      expect(new Date(inventory.LastCheckInTime).getTime()).toBeLessThanOrEqual(r.queuedAt.getTime());
      expect(compliance.complianceStatus).toBe(r.complianceStatus);
      expect(inventory.DeviceManagementState).toBe(r.managementState);
      if (r.trigger === "RETIRE") {
        expect(r.managementState).toBe("notManaged");
        expect(r.complianceStatus).toBe("notCompliant");
        expect(inventory.State).toBe(1);
      } else {
        expect(r.managementState).toBe("managed");
      }
    }
  });

  it("reports the current verdict in the latest report of active devices", () => {
    for (const d of f.devices) {
      const latest = byDevice.get(d.id)?.at(-1);
      if (!latest || d.lifecycle !== "ACTIVE") continue;
      expect(latest.complianceStatus).toBe(d.verdict === "COMPLIANT" ? "compliant" : "notCompliant");
    }
  });

  it("derives each device's Azure fields and lifecycle from its reports", () => {
    const stateOf = { QUEUED: "IN_PROGRESS", SENDING: "IN_PROGRESS", ACCEPTED: "IN_PROGRESS", COMPLETED: "SUCCESS", FAILED: "ERROR", SKIPPED: "ERROR" } as const;
    for (const d of f.devices) {
      const reports = byDevice.get(d.id) ?? [];
      const latest = reports.at(-1);
      const completed = reports.filter((r) => r.state === "COMPLETED").map((r) => r.completedAt!.getTime());
      const expected: Partial<DemoDevice> = {
        azureState: latest ? stateOf[latest.state as keyof typeof stateOf] : null,
        azureReportedAt: completed.length ? new Date(Math.max(...completed)) : null,
        azureLastErrorCode: latest && ["FAILED", "SKIPPED"].includes(latest.state) ? latest.errorCode : null,
        azureLastErrorDetail: latest && ["FAILED", "SKIPPED"].includes(latest.state) ? latest.errorDetail : null,
      };
      expect({
        azureState: d.azureState,
        azureReportedAt: d.azureReportedAt,
        azureLastErrorCode: d.azureLastErrorCode,
        azureLastErrorDetail: d.azureLastErrorDetail,
      }).toEqual(expected);

      const retire = reports.find((r) => r.trigger === "RETIRE");
      if (d.lifecycle === "ACTIVE") expect(retire).toBeUndefined();
      else expect(retire).toBe(latest);
      if (d.lifecycle === "RETIRED") expect(d.retiredAt).toEqual(retire!.completedAt);
      else expect(d.retiredAt).toBeNull();
      if (d.lifecycle === "RETIRE_PENDING") expect(retire!.state).not.toBe("COMPLETED");
    }
  });

  it("retires the devices the RETIRE action won for", () => {
    for (const d of f.devices.filter((x) => x.winningAction === "RETIRE")) expect(d.lifecycle).not.toBe("ACTIVE");
  });

  it("links weekly runs (Sunday 02:00 UTC) to their reports and counts them", () => {
    expect(f.weeklyRuns).toHaveLength(4);
    const weekly = count(f.reports.filter((r) => r.trigger === "WEEKLY"), (r) => r.weeklyRunId);
    for (const run of f.weeklyRuns) {
      expect(run.scheduledFor.getUTCDay()).toBe(0);
      expect(run.scheduledFor.toISOString()).toMatch(/T02:00:00\.000Z$/);
      expect(run.state).toBe("COMPLETED");
      const linked = f.reports.filter((r) => r.weeklyRunId === run.id);
      expect(run.total).toBe(weekly.get(run.id));
      expect(run.total).toBe(linked.length);
      expect(run.skipped).toBe(linked.filter((r) => r.state === "SKIPPED").length);
      expect(run.queued).toBe(run.total - run.skipped);
      expect(run.completed).toBe(linked.filter((r) => r.state === "COMPLETED").length);
      expect(run.failed).toBe(linked.filter((r) => r.state === "FAILED").length);
      for (const r of linked) {
        expect(r.queuedAt.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
        expect(r.queuedAt.getTime()).toBeLessThanOrEqual(run.finishedAt.getTime());
      }
    }
    const last = now === NOW ? "2026-02-08" : "2026-02-01";
    expect(f.weeklyRuns.at(-1)!.scheduledFor.toISOString()).toBe(`${last}T02:00:00.000Z`);
    expect(f.weeklyRuns[0]!.scheduledFor.getTime()).toBe(f.weeklyRuns.at(-1)!.scheduledFor.getTime() - 21 * DAY);
    expect(f.reports.filter((r) => r.weeklyRunId !== null).every((r) => r.trigger === "WEEKLY")).toBe(true);
  });

  it("traces every resync and retire to an audit event by a demo user (or the policy engine)", () => {
    const audit = new Map(f.auditEvents.map((a) => [a.traceId, a]));
    const emails = new Set<string>(DEMO_USERS.filter((u) => u.role !== "VIEWER").map((u) => u.email));
    for (const r of f.reports.filter((x) => x.trigger === "MANUAL" || x.trigger === "RETIRE")) {
      const event = audit.get(r.traceId!)!;
      expect(event).toBeDefined();
      expect(event.action).toBe(r.trigger === "MANUAL" ? "device.resync" : "device.retire");
      expect(event.targetType).toBe("device");
      expect(event.targetId).toBe(r.deviceId);
      expect(event.actorEmail).toBe(r.requestedBy);
      expect(event.at).toEqual(r.queuedAt);
      if (r.trigger === "MANUAL") expect(emails).toContain(r.requestedBy);
    }
    expect(f.auditEvents).toHaveLength(f.reports.filter((x) => x.trigger === "MANUAL" || x.trigger === "RETIRE").length);
    expect(f.reports.filter((r) => r.trigger !== "MANUAL" && r.trigger !== "RETIRE").every((r) => r.requestedBy === null && r.traceId === null)).toBe(true);
  });
});

describe("generateDemoFleet: fixed rows", () => {
  it("has the three demo users, without passwords", () => {
    const f = fleet(50);
    expect(f.users.map((u) => [u.email, u.role])).toEqual([
      ["admin@contoso.example", "ADMIN"],
      ["helpdesk@contoso.example", "HELPDESK"],
      ["viewer@contoso.example", "VIEWER"],
    ]);
    expect(f.users.every((u) => u.passwordHash === null && u.name.length > 0)).toBe(true);
  });

  it("has valid policies using every action, one of them disabled", () => {
    const f = fleet(50);
    expect(f.policies.length).toBeGreaterThanOrEqual(4);
    expect(f.policies.length).toBeLessThanOrEqual(6);
    expect(new Set(f.policies.flatMap((p) => p.actions))).toEqual(new Set(POLICY_ACTIONS));
    expect(f.policies.some((p) => !p.enabled)).toBe(true);
    expect(new Set(f.policies.map((p) => p.name)).size).toBe(f.policies.length);
    for (const p of f.policies) expect(() => parsePolicyRules(p.rules)).not.toThrow();
  });

  it("has the Azure settings row with the weekly defaults, enabled and emulated", () => {
    const { settings } = fleet(50);
    expect(settings).toMatchObject({ id: 1, enabled: true, mode: "EMULATED", weeklyDay: 0, weeklyTime: "02:00", weeklyTimeZone: "UTC" });
  });
});
