/**
 * The demo fleet: a deterministic, realistic company fleet of managed iOS and Android
 * devices with their compliance evaluations, report history, weekly runs and audit trail.
 * Same options, same rows (deep-equal); every date is relative to `now`.
 *
 * Two ways to get it: `generateDemoFleet` (everything in memory, for tests and small
 * fleets) and `streamDemoFleet` (device chunks one at a time, for seeding or benchmarking
 * large fleets in bounded memory). Both produce exactly the same rows.
 */
import { AZURE_STATE_OF_REPORT } from "../domain/azure-state";
import { inventoryFingerprint } from "../domain/inventory";
import { demoClock, DAY, SECOND, type DemoClock } from "./clock";
import { sketchDevice, type FleetContext } from "./device";
import { DEMO_POLICY_DEFINITIONS, DEMO_TENANT_ID, DEMO_USERS, demoPolicyInputs } from "./fixtures";
import { buildHistory } from "./history";
import { createRandom, uuidFromName } from "./random";
import type {
  DemoAuditEvent,
  DemoDevice,
  DemoEvaluation,
  DemoPolicy,
  DemoReport,
  DemoSettings,
  DemoUser,
  DemoWeeklyRun,
} from "./rows";
import { asJson } from "./rows";
import { forcedPositions, randomScenario } from "./scenarios";

export interface DemoFleetOptions {
  devices: number;
  seed: number;
  now: Date;
}

export interface DemoFleetHeader {
  settings: DemoSettings;
  users: DemoUser[];
  policies: DemoPolicy[];
  /** With zero counts until every device chunk has been produced (see DemoFleetStream.weeklyRuns). */
  weeklyRuns: DemoWeeklyRun[];
}

export interface DemoDeviceChunk {
  devices: DemoDevice[];
  evaluations: DemoEvaluation[];
  reports: DemoReport[];
  auditEvents: DemoAuditEvent[];
}

export interface DemoFleet extends DemoFleetHeader, DemoDeviceChunk {}

export interface DemoFleetStream {
  header: DemoFleetHeader;
  /** Device chunks of at most `size` devices (with their evaluations, reports and audit events). */
  chunks(size?: number): Generator<DemoDeviceChunk, void, undefined>;
  /** The weekly runs with their final counts; complete once chunks() has been iterated to the end. */
  weeklyRuns(): DemoWeeklyRun[];
}

export function streamDemoFleet(options: DemoFleetOptions): DemoFleetStream {
  const devices = Math.max(0, Math.floor(options.devices));
  const seed = Math.trunc(options.seed);
  const clock = demoClock(options.now, devices);
  const r = createRandom(seed);
  const policies = demoPolicyInputs(seed);
  const ctx: FleetContext = {
    r,
    seed,
    devices,
    ownerCount: Math.max(1, Math.round(devices * 0.8)),
    clock,
    policies: policies.list,
  };
  const header = buildHeader(seed, clock);
  const runs = header.weeklyRuns.map((run) => ({ ...run }));
  const runIds = runs.map((run) => run.id);
  const forced = forcedPositions(devices);
  let started = false;

  function* chunks(size = 1000): Generator<DemoDeviceChunk, void, undefined> {
    if (started) throw new Error("streamDemoFleet: chunks() can be iterated once");
    started = true;
    let chunk = emptyChunk();
    for (let index = 0; index < devices; index++) {
      const scenario = forced.get(index) ?? randomScenario(r);
      const sketch = sketchDevice(ctx, index, scenario);
      const history = buildHistory(ctx, sketch, runIds);
      const device = deviceRow(sketch, history.reports);
      chunk.devices.push(device);
      for (const outcome of sketch.result.policies) {
        if (!outcome.applies) continue;
        chunk.evaluations.push({
          deviceId: sketch.id,
          policyId: outcome.policyId,
          passed: outcome.passed,
          failures: asJson(outcome.failures),
          evaluatedAt: device.evaluatedAt,
        });
      }
      chunk.reports.push(...history.reports);
      chunk.auditEvents.push(...history.auditEvents);
      for (const { run, report } of history.weekly) {
        const tally = runs[run]!;
        tally.total++;
        if (report.state === "SKIPPED") tally.skipped++;
        else tally.queued++;
        if (report.state === "COMPLETED") tally.completed++;
        if (report.state === "FAILED") tally.failed++;
      }
      if (chunk.devices.length >= size) {
        yield chunk;
        chunk = emptyChunk();
      }
    }
    if (chunk.devices.length > 0) yield chunk;
  }

  return { header, chunks, weeklyRuns: () => runs };
}

export function generateDemoFleet(options: DemoFleetOptions): DemoFleet {
  const stream = streamDemoFleet(options);
  const all = emptyChunk();
  for (const chunk of stream.chunks(10_000)) {
    for (const key of ["devices", "evaluations", "reports", "auditEvents"] as const) {
      const target = all[key] as unknown[];
      for (const row of chunk[key]) target.push(row);
    }
  }
  return { ...stream.header, ...all, weeklyRuns: stream.weeklyRuns() };
}

function emptyChunk(): DemoDeviceChunk {
  return { devices: [], evaluations: [], reports: [], auditEvents: [] };
}

function buildHeader(seed: number, clock: DemoClock): DemoFleetHeader {
  const now = clock.now;
  const policies = demoPolicyInputs(seed);
  return {
    settings: {
      id: 1,
      enabled: true,
      mode: "EMULATED",
      tenantId: DEMO_TENANT_ID,
      clientId: null,
      provisioned: true,
      provisionedAt: new Date(now - 730 * DAY - 3 * DAY),
      partnerPolicyId: uuidFromName(seed, "partner-compliance-policy"),
      weeklyDay: 0,
      weeklyTime: "02:00",
      weeklyTimeZone: "UTC",
      updatedAt: new Date(now - 730 * DAY - 3 * DAY),
      updatedBy: DEMO_USERS[0].email,
    },
    users: DEMO_USERS.map((user, i) => ({
      id: uuidFromName(seed, `user:${user.email}`),
      email: user.email,
      name: user.name,
      role: user.role,
      passwordHash: null,
      entraObjectId: null,
      createdAt: new Date(now - (740 - i * 30) * DAY),
      disabledAt: null,
    })),
    policies: DEMO_POLICY_DEFINITIONS.map((definition) => {
      const input = policies.byKey[definition.key];
      return {
        id: input.id,
        name: input.name,
        description: definition.description,
        platforms: input.platforms,
        enabled: input.enabled,
        rules: asJson(input.rules),
        actions: input.actions,
        createdAt: new Date(now - definition.createdDaysAgo * DAY),
        updatedAt: new Date(now - definition.updatedDaysAgo * DAY),
      };
    }),
    weeklyRuns: clock.weeklyRuns.map((run) => ({
      id: uuidFromName(seed, `weekly-run:${run}`),
      scheduledFor: new Date(run),
      state: "COMPLETED" as const,
      startedAt: new Date(run + SECOND),
      finishedAt: new Date(run + clock.weeklyRunDuration + 5 * SECOND),
      cursor: null,
      total: 0,
      queued: 0,
      skipped: 0,
      completed: 0,
      failed: 0,
    })),
  };
}

function deviceRow(s: ReturnType<typeof sketchDevice>, reports: DemoReport[]): DemoDevice {
  const latest = reports[reports.length - 1];
  let reportedAt: Date | null = null;
  let lastTime = Math.max(s.lastCheckInAt, s.evaluatedAt);
  for (const report of reports) {
    if (report.state === "COMPLETED" && report.completedAt && (!reportedAt || report.completedAt > reportedAt)) reportedAt = report.completedAt;
    for (const t of [report.queuedAt, report.sendingAt, report.acceptedAt, report.completedAt, report.failedAt, report.skippedAt, report.supersededAt]) {
      if (t && t.getTime() > lastTime) lastTime = t.getTime();
    }
  }
  const azureState = latest === undefined ? null : AZURE_STATE_OF_REPORT[latest.state];
  const retiredReport = s.retireAt !== null && latest?.trigger === "RETIRE" && latest.state === "COMPLETED" ? latest : null;
  const lifecycle = s.retireAt === null ? "ACTIVE" : retiredReport ? "RETIRED" : "RETIRE_PENDING";
  return {
    id: s.id,
    name: s.inventory.name,
    platform: s.inventory.platform,
    manufacturer: s.inventory.manufacturer,
    model: s.inventory.model,
    osVersion: s.inventory.osVersion,
    serialNumber: s.inventory.serialNumber,
    udid: s.udid,
    imei: s.imei,
    ownerUpn: s.inventory.ownerUpn,
    enrolledAt: new Date(s.enrolledAt),
    lastCheckInAt: new Date(s.lastCheckInAt),
    lifecycle,
    retiredAt: retiredReport?.completedAt ?? null,
    passcodeSet: s.facts.passcodeSet,
    encrypted: s.facts.encrypted,
    jailbroken: s.facts.jailbroken,
    installedApps: s.facts.installedApps,
    azureDeviceId: s.azureDeviceId,
    clientStatusCode: s.scenario.clientStatus,
    clientStatusReportedAt: s.clientStatusReportedAt === null ? null : new Date(s.clientStatusReportedAt),
    azureState,
    azureReportedAt: reportedAt,
    azureLastErrorCode: azureState === "ERROR" ? (latest?.errorCode ?? null) : null,
    azureLastErrorDetail: azureState === "ERROR" ? (latest?.errorDetail ?? null) : null,
    inventoryFingerprint: inventoryFingerprint(s.inventory),
    // Demo devices were not enrolled through the device API: they have no device token.
    tokenHash: null,
    enrolledByKeyId: null,
    verdict: s.result.verdict,
    winningAction: s.result.winningAction,
    evaluatedAt: new Date(s.evaluatedAt),
    createdAt: new Date(s.enrolledAt),
    updatedAt: new Date(lastTime),
  };
}

