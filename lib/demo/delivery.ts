/**
 * How one demo report travelled: its state, attempts and the time of each state, with the
 * errors Microsoft (or the device) gave. Times are ordered queuedAt <= sendingAt <=
 * acceptedAt <= completedAt | failedAt and never after `now`.
 */
import { SECOND } from "./clock";
import type { DeviceSketch } from "./device";
import { DEMO_TENANT_ID } from "./fixtures";
import { between, type Random } from "./random";
import type { DemoReport } from "./rows";

/** What a report is, before how it travelled is decided. */
export type ReportBase = Pick<
  DemoReport,
  "id" | "deviceId" | "trigger" | "requestedBy" | "traceId" | "weeklyRunId" | "complianceStatus" | "managementState" | "payload"
>;

export interface DeliveryInput {
  sketch: DeviceSketch;
  queuedAt: number;
  isLast: boolean;
  nextQueuedAt: number | null;
  isRetire: boolean;
  supersedeWindow: number;
  now: number;
}

/** Retry-After Microsoft sends with 429, and how many attempts the engine makes before giving up. */
const RETRY_AFTER = 30 * SECOND;
const MAX_ATTEMPTS = 6;
const throttledDetail = (attempt: number) =>
  `Too many requests for tenant ${DEMO_TENANT_ID}. Retry after ${RETRY_AFTER / SECOND} seconds. (attempt ${attempt} of ${MAX_ATTEMPTS})`;

// Equal timestamps share one Date: Prisma only reads them, and 100,000 devices make millions.
function queued(base: ReportBase, q: number): DemoReport {
  const queuedAt = new Date(q);
  // One literal with every column in a fixed order: one object shape for every report.
  return {
    id: base.id,
    deviceId: base.deviceId,
    trigger: base.trigger,
    requestedBy: base.requestedBy,
    traceId: base.traceId,
    weeklyRunId: base.weeklyRunId,
    complianceStatus: base.complianceStatus,
    managementState: base.managementState,
    payload: base.payload,
    lastUpdateTime: queuedAt,
    state: "QUEUED",
    attempts: 0,
    nextAttemptAt: queuedAt,
    leaseOwner: null,
    leaseExpiresAt: null,
    messageId: null,
    httpStatus: null,
    errorCode: null,
    errorDetail: null,
    queuedAt,
    sendingAt: null,
    acceptedAt: null,
    completedAt: null,
    failedAt: null,
    skippedAt: null,
    supersededAt: null,
  };
}

/** Records an attempt at `t` (never after now) and returns its time. */
function send(r: Random, out: DemoReport, t: number, now: number, attempts = 1): number {
  const sent = Math.min(t, now);
  out.attempts = attempts;
  out.messageId = r.uuid();
  out.sendingAt = new Date(sent);
  out.nextAttemptAt = out.sendingAt;
  return sent;
}

type Outcome = "completed" | "failed-invalid-device" | "failed-throttled" | "failed-poll" | "sending" | "accepted" | "retrying" | "queued";

function outcome(r: Random, base: ReportBase, kind: Outcome, s: DeviceSketch, q: number, now: number): DemoReport {
  const out = queued(base, q);
  switch (kind) {
    case "queued":
      return out;
    case "completed": {
      const accepted = send(r, out, q + between(r, 150, 4 * SECOND), now) + between(r, 120, 900);
      out.state = "COMPLETED";
      out.httpStatus = 200;
      out.acceptedAt = new Date(accepted);
      out.completedAt = new Date(accepted + r.pick(POLL_DELAYS) + between(r, 0, 500));
      return out;
    }
    case "failed-invalid-device": {
      const sent = send(r, out, q + between(r, 150, 3 * SECOND), now);
      out.state = "FAILED";
      out.httpStatus = 400;
      out.errorCode = "InvalidDeviceId";
      out.errorDetail = `The device id ${s.azureDeviceId} was not found in tenant ${DEMO_TENANT_ID}.`;
      out.failedAt = new Date(sent + between(r, 100, 600));
      return out;
    }
    case "failed-throttled": {
      const sent = send(r, out, q + (MAX_ATTEMPTS - 1) * RETRY_AFTER + between(r, 150, 5 * SECOND), now, MAX_ATTEMPTS);
      out.state = "FAILED";
      out.httpStatus = 429;
      out.errorCode = "TooManyRequests";
      out.errorDetail = throttledDetail(MAX_ATTEMPTS);
      out.failedAt = new Date(sent + between(r, 80, 400));
      return out;
    }
    case "failed-poll": {
      const accepted = send(r, out, q + between(r, 150, 3 * SECOND), now) + between(r, 120, 900);
      out.state = "FAILED";
      out.httpStatus = 200;
      out.acceptedAt = new Date(accepted);
      out.errorCode = "InvalidUserId";
      out.errorDetail = `The user id ${s.userId} was not found in tenant ${DEMO_TENANT_ID}.`;
      out.failedAt = new Date(accepted + r.pick(POLL_DELAYS) + between(r, 0, 500));
      return out;
    }
    case "sending": {
      const sent = send(r, out, q + between(r, 100, 2 * SECOND), now);
      out.state = "SENDING";
      out.leaseOwner = "worker-demo";
      out.leaseExpiresAt = new Date(sent + 60 * SECOND);
      return out;
    }
    case "accepted": {
      const sent = send(r, out, q + between(r, 100, 1500), now);
      out.state = "ACCEPTED";
      out.httpStatus = 200;
      out.acceptedAt = new Date(Math.min(now, sent + between(r, 120, 900)));
      return out;
    }
    case "retrying": {
      // Answered 429 at every attempt so far; the next one waits for Retry-After.
      const retries = Math.max(1, Math.floor((now - q) / RETRY_AFTER));
      const sent = send(r, out, Math.min(now - 200, q + retries * RETRY_AFTER + between(r, 0, 150)), now, retries + 1);
      out.httpStatus = 429;
      out.errorCode = "TooManyRequests";
      out.errorDetail = throttledDetail(retries + 1);
      out.nextAttemptAt = new Date(sent + RETRY_AFTER);
      return out;
    }
  }
}

const POLL_DELAYS = [10 * SECOND, 20 * SECOND, 30 * SECOND];
const IN_FLIGHT: readonly Outcome[] = ["queued", "sending", "accepted"];

export function deliver(r: Random, base: ReportBase, input: DeliveryInput): DemoReport {
  const { sketch: s, queuedAt: q, now } = input;

  if (s.azureDeviceId === null) {
    const out = queued(base, q);
    out.state = "SKIPPED";
    out.skippedAt = new Date(q + between(r, 5, 80));
    out.errorCode = s.scenario.clientStatus;
    out.errorDetail = `Not sent: no Azure device ID (the device reported ${s.scenario.clientStatus}).`;
    return out;
  }

  if (!input.isLast) {
    const gap = input.nextQueuedAt! - q;
    if (gap < input.supersedeWindow) {
      const out = queued(base, q);
      // Still waiting for its turn when the newer state arrived: after a 429 when the gap allowed one.
      if (gap > 20 * SECOND) {
        const sent = send(r, out, q + between(r, 100, 800), now);
        out.httpStatus = 429;
        out.errorCode = "TooManyRequests";
        out.errorDetail = throttledDetail(1);
        out.nextAttemptAt = new Date(sent + Math.max(RETRY_AFTER, gap + 5 * SECOND));
      }
      out.state = "SUPERSEDED";
      out.supersededAt = new Date(input.nextQueuedAt!);
      return out;
    }
    if (s.scenario.delivery === "failed-invalid-device") return outcome(r, base, "failed-invalid-device", s, q, now);
    return outcome(r, base, r.chance(0.015) ? "failed-throttled" : "completed", s, q, now);
  }

  if (input.isRetire) {
    const result = s.scenario.retire?.outcome ?? "retired";
    const kind: Outcome = result === "retired" ? "completed" : result === "failed" ? "failed-throttled" : r.pick(IN_FLIGHT);
    return outcome(r, base, kind, s, q, now);
  }
  const delivery = s.scenario.delivery;
  return outcome(r, base, delivery === "queued-new" ? "queued" : delivery, s, q, now);
}
