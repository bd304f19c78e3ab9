/**
 * A demo device's report history over the past weeks, told the way the outbox would have
 * written it: the enrolment, the weekly runs, compliance and inventory changes, people
 * pressing Resync, the retire. Coalescing holds (a report is superseded when a newer one
 * arrives before it is sent; never two in flight), every state's timestamps are ordered,
 * and what was sent is built by the same payload builder the reporting engine uses.
 */
import { evaluateCompliance, type DeviceFacts } from "../domain/compliance";
import { buildDeviceEntities } from "../domain/report-payload";
import type { ComplianceStatus, ReportTrigger } from "../domain/types";
import { DAY, HOUR, MINUTE, SECOND, weeklyQueueTime } from "./clock";
import type { DeviceSketch, FleetContext } from "./device";
import { deliver } from "./delivery";
import { ADMIN_EMAIL, DEMO_TENANT_ID, DEMO_USERS, HELPDESK_EMAIL, STALE_DAYS } from "./fixtures";
import { between, type Random } from "./random";
import { asJson, type DemoAuditEvent, type DemoReport } from "./rows";

type EventKind = "initial" | "change" | "weekly" | "manual" | "manual2" | "retire" | "final";

interface HistoryEvent {
  t: number;
  kind: EventKind;
  trigger: ReportTrigger;
  run?: number;
  actor?: string | null;
}

export interface DeviceHistory {
  reports: DemoReport[];
  auditEvents: DemoAuditEvent[];
  /** Weekly run index (0 = oldest) and outcome of each weekly report, for the runs' counts. */
  weekly: { run: number; report: DemoReport }[];
}

/** Most reports a device keeps in the demo history; optional events are dropped beyond it. */
const MAX_REPORTS = 6;
/** A report still unsent when the next one of its device is queued within this is superseded. */
const SUPERSEDE_WINDOW = 3 * MINUTE;

const byTime = (a: HistoryEvent, b: HistoryEvent) => a.t - b.t;
const person = (r: Random) => (r.chance(0.7) ? HELPDESK_EMAIL : ADMIN_EMAIL);

function indexOfKind(events: HistoryEvent[], kind: EventKind): number {
  for (let i = 0; i < events.length; i++) if (events[i]!.kind === kind) return i;
  return -1;
}

const ROLE_OF = new Map<string, (typeof DEMO_USERS)[number]["role"]>(DEMO_USERS.map((u) => [u.email, u.role]));

export function buildHistory(ctx: FleetContext, s: DeviceSketch, runIds: readonly string[]): DeviceHistory {
  const { r, clock } = ctx;
  const sc = s.scenario;
  if (sc.clientStatus === null) return { reports: [], auditEvents: [], weekly: [] };

  const activeUntil = s.retireAt ?? Number.POSITIVE_INFINITY;
  const start = Math.max(clock.historyStart, s.enrolledAt + HOUR);

  // ---- which facts held when, and what the policies made of them
  let previous = s.previous;
  const currentStatus = s.result.complianceStatus;
  const previousStatus: ComplianceStatus | null =
    previous && evaluateCompliance(previous.facts, ctx.policies, new Date(previous.until - 1)).complianceStatus;
  const changeTrigger: ReportTrigger | null = !previous
    ? null
    : previousStatus !== currentStatus
      ? "COMPLIANCE_CHANGE"
      : previous.facts.osVersion !== s.facts.osVersion
        ? "INVENTORY_CHANGE"
        : null;

  // ---- what happened
  const events: HistoryEvent[] = [];
  if (s.enrolledAt >= clock.historyStart) {
    const delay = sc.delivery === "queued-new" ? between(r, SECOND, 5 * SECOND) : between(r, 3 * SECOND, 40 * SECOND);
    events.push({ t: Math.min(s.enrolledAt + delay, clock.now - 500), kind: "initial", trigger: "INVENTORY_CHANGE" });
  }
  for (let w = 0; w < clock.weeklyRuns.length; w++) {
    const run = clock.weeklyRuns[w]!;
    const t = weeklyQueueTime(clock, run, s.index, ctx.devices, r.int(0, 800));
    if (s.enrolledAt < run && t < activeUntil) events.push({ t, kind: "weekly", trigger: "WEEKLY", run: w });
  }
  const retireIsChange = sc.target === "RETIRE";
  if (previous && changeTrigger && !retireIsChange) events.push({ t: previous.until, kind: "change", trigger: changeTrigger });
  if (sc.resync) {
    const end = Math.min(clock.now - 15 * MINUTE, activeUntil - HOUR, s.finalAt === null ? Infinity : s.finalAt - 10 * MINUTE);
    if (end > start) {
      const t = between(r, start, end);
      events.push({ t, kind: "manual", trigger: "MANUAL", actor: person(r) });
      if (sc.resync === "twice") events.push({ t: t + between(r, 8 * SECOND, 90 * SECOND), kind: "manual2", trigger: "MANUAL", actor: person(r) });
    }
  }
  if (s.retireAt !== null) {
    events.push({ t: s.retireAt, kind: "retire", trigger: "RETIRE", actor: sc.retire?.by === "admin" ? ADMIN_EMAIL : null });
  }
  const finalIsChange = s.finalAt !== null && previous !== null && changeTrigger !== null && previous.until === s.finalAt;
  if (s.finalAt !== null && !finalIsChange) events.push({ t: s.finalAt, kind: "final", trigger: "MANUAL", actor: person(r) });

  // ---- keep the history short: drop the optional events first
  const dropOrder = sc.resync === "twice" ? (["change", "manual2", "manual"] as const) : (["manual2", "manual", "change"] as const);
  for (const kind of dropOrder) {
    if (events.length <= MAX_REPORTS) break;
    if (kind === "change" && finalIsChange) continue;
    const i = indexOfKind(events, kind);
    if (i < 0) continue;
    events.splice(i, 1);
    if (kind === "manual") {
      const j = indexOfKind(events, "manual2");
      if (j >= 0) events.splice(j, 1);
    }
    if (kind === "change") previous = null;
  }
  events.sort(byTime);
  for (let i = 1; i < events.length; i++) if (events[i]!.t <= events[i - 1]!.t) events[i]!.t = events[i - 1]!.t + 1;

  // ---- the reports
  const reports: DemoReport[] = [];
  const auditEvents: DemoAuditEvent[] = [];
  const weekly: DeviceHistory["weekly"] = [];
  let checkInSoFar = s.enrolledAt;

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const q = e.t;
    const next = events[i + 1];
    const retiring = e.trigger === "RETIRE";
    const before = previous !== null && q < previous.until;
    const facts: DeviceFacts = before ? previous!.facts : s.facts;
    const complianceStatus: ComplianceStatus = retiring ? "notCompliant" : before ? previousStatus! : currentStatus;
    const managementState = retiring ? "notManaged" : "managed";

    // The device's last check-in as known when this report was queued (never going back in time).
    let checkIn = q >= s.lastCheckInAt ? s.lastCheckInAt : q - between(r, 0, 6 * HOUR);
    if (previous && q >= previous.until) checkIn = Math.max(checkIn, previous.until);
    checkIn = Math.min(q, Math.max(checkIn, checkInSoFar));
    checkInSoFar = checkIn;

    const inventory = facts.osVersion === s.inventory.osVersion ? s.inventory : { ...s.inventory, osVersion: facts.osVersion };
    const entities =
      s.azureDeviceId === null
        ? null
        : buildDeviceEntities({
            tenantId: DEMO_TENANT_ID,
            azureDeviceId: s.azureDeviceId,
            userId: s.userId,
            inventory,
            lastCheckInAt: new Date(checkIn),
            lastUpdateTime: new Date(q),
            complianceStatus,
            managementState,
            unresponsive: q - checkIn > STALE_DAYS * DAY,
          });

    let traceId: string | null = null;
    const requestedBy = e.actor ?? null;
    const reportId = r.uuid();
    const audited = e.trigger === "MANUAL" || retiring;
    if (audited) traceId = r.uuid();
    const report = deliver(
      r,
      {
        id: reportId,
        deviceId: s.id,
        trigger: e.trigger,
        requestedBy,
        traceId,
        weeklyRunId: e.run === undefined ? null : runIds[e.run]!,
        complianceStatus,
        managementState,
        payload: asJson({ entities }),
      },
      {
        sketch: s,
        queuedAt: q,
        isLast: next === undefined,
        nextQueuedAt: next?.t ?? null,
        isRetire: retiring,
        supersedeWindow: SUPERSEDE_WINDOW,
        now: clock.now,
      },
    );
    if (audited) {
      auditEvents.push({
        id: r.uuid(),
        at: report.queuedAt,
        actorEmail: requestedBy,
        actorRole: requestedBy === null ? null : (ROLE_OF.get(requestedBy) ?? null),
        action: retiring ? "device.retire" : "device.resync",
        targetType: "device",
        targetId: s.id,
        before: retiring ? asJson({ lifecycle: "ACTIVE" }) : undefined,
        after: retiring
          ? asJson({ lifecycle: "RETIRE_PENDING", reportId, reason: sc.retire?.by === "admin" ? "admin" : "policy", policyIds: s.result.decidedBy })
          : asJson({ reportId }),
        traceId: traceId!,
        ip: requestedBy === null ? null : `10.20.${r.int(0, 15)}.${r.int(2, 250)}`,
      });
    }
    reports.push(report);
    if (e.run !== undefined) weekly.push({ run: e.run, report });
  }

  return { reports, auditEvents, weekly };
}
