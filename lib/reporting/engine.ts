/**
 * The reporting engine: claims due reports from the outbox, sends each as one
 * DataUploadMessage, polls Microsoft until Completed or Failed, and records every step on the
 * report row. Any number of engines may run against one PostgreSQL database (claims are
 * `FOR UPDATE SKIP LOCKED` with a lease; a dead engine's leases expire and are taken over).
 *
 * `concurrency` bounds the reports being sent (claimed, PUT in progress); a report waiting for
 * Microsoft to process it only holds a timer, up to AWAITING_PER_SLOT x concurrency of them
 * (beyond that the engine stops claiming: back-pressure, so nothing waits past its lease). The
 * engine claims ahead: up to `concurrency` more reports wait for a sending slot, so a slot that
 * frees starts the next send at once instead of waiting for a claim's round trips, and claims
 * come in larger batches. The hot writes (send attempts, ends) are group commits (batcher.ts):
 * a few set-based statements per batch instead of several per report.
 */
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { PrismaClient } from "@prisma/client";
import {
  claimDueReports,
  extendLeases,
  finishReports,
  loadClaimed,
  markAccepted,
  markSending,
  readIntegrationEnabled,
  releaseReport,
  skippedDetail,
  type ClaimedReport,
  type FinishData,
  type FinishItem,
  type SendingItem,
} from "../db/reports";
import { engineGone, engineHeartbeat } from "../db/engines";
import { buildDeviceEntities } from "../domain/report-payload";
import { retryDelay, type BackoffPolicy } from "../domain/backoff";
import { isIntuneError, type IntuneClient } from "../intune";
import { log as rootLog } from "../log";
import { deviceReportFor, deviceReportFromEntities, readPayload } from "./message";
import { createBatcher } from "./batcher";
import { Pacer } from "./pacer";
import { untilStopped } from "./until-stopped";

export interface EngineOptions {
  /** Names this engine's leases (host:pid:random by default). */
  owner?: string;
  /** Reports handled at once. */
  concurrency: number;
  /** PUT attempts before a report ends FAILED. */
  maxAttempts: number;
  leaseMs: number;
  /** Wait between claims when nothing is due. */
  idleMs: number;
  /** First status poll after the PUT; later polls back off to pollMaxMs. */
  pollMs: number;
  pollMaxMs: number;
  /** Polls made while holding the report; after that it is released and polled when due. */
  inlinePollMs: number;
  /** An accepted message still pending after this ends FAILED (PollTimeout). */
  pollTimeoutMs: number;
  backoff: BackoffPolicy;
  writesPerSecond: number;
  readsPerSecond: number;
  /** How often the integration's on/off switch is read. */
  settingsMs?: number;
}

export interface EngineStats {
  /** Reports being sent, and accepted ones awaiting their status, right now. */
  sending: number;
  awaiting: number;
  claimed: number;
  puts: number;
  polls: number;
  completed: number;
  failed: number;
  retries: number;
  /** Engines seen running at the last heartbeat (this one included): each paces at its share of the ceilings. */
  engines: number;
}

export interface ReportingEngine {
  readonly owner: string;
  start(): void;
  /** Stops claiming, lets the reports in hand reach a safe point (released, not lost), and resolves. */
  stop(): Promise<void>;
  stats(): EngineStats;
  /** Look at the queue now instead of after the idle wait (a person just queued something). */
  nudge(): void;
}

/** Accepted reports awaiting their status, per sending slot, before the engine stops claiming. */
export const AWAITING_PER_SLOT = 16;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEngine(prisma: PrismaClient, client: IntuneClient, options: EngineOptions): ReportingEngine {
  const owner = options.owner ?? `engine-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = rootLog.child({ component: "reporting", owner });
  const pacer = new Pacer({ writesPerSecond: options.writesPerSecond, readsPerSecond: options.readsPerSecond });
  const tenant = client.tenantId;
  const stats: Omit<EngineStats, "sending" | "awaiting"> = { claimed: 0, puts: 0, polls: 0, completed: 0, failed: 0, retries: 0, engines: 1 };
  /** Reports being prepared and sent (bounded by concurrency). */
  const sending = new Set<Promise<void>>();
  /** Claimed reports waiting for a sending slot, in claim order (held: their leases are renewed). */
  const ready: ClaimedReport[] = [];
  /** Accepted reports waiting for their next status poll. */
  const polling = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  /** Wake the loop when a send ends (only useful while the queue had more than we took). */
  let wakeOnFreeSlot = false;
  let enabled = { value: true, readAt: 0 };
  /** Aborted when stop() is called: cuts polls' and the pacer's waits short so reports are handed back at once. */
  let stopping = new AbortController();

  const lease = () => new Date(Date.now() + options.leaseMs);
  /**
   * Reports this engine holds. Their leases are renewed together every third of a lease, so
   * only a dead (or frozen) engine loses them, and a report is never sent twice by two live ones.
   */
  const held = new Map<string, number>();
  /** Numbers each claim, so a renewal that raced a release and a new claim of one report drops neither. */
  let claims = 0;
  let keeper: NodeJS.Timeout | null = null;
  async function renewLeases() {
    if (held.size === 0) return;
    const renewing = [...held];
    try {
      const kept = await extendLeases(prisma, owner, renewing.map(([id]) => id), lease());
      // Ended meanwhile, or taken over; a report claimed (again) while this ran is left alone.
      for (const [id, claim] of renewing) if (!kept.has(id) && held.get(id) === claim) held.delete(id);
    } catch (error) {
      log.warn({ err: error }, "renewing leases failed; retrying at the next interval");
    }
  }
  /**
   * Tells the other engines this one runs, and takes its share of the pacing ceilings: every
   * third of a lease, so an engine that starts or dies changes the others' share within a lease.
   */
  async function heartbeat() {
    try {
      stats.engines = await engineHeartbeat(prisma, owner, options.leaseMs);
      pacer.setEngines(stats.engines);
    } catch (error) {
      log.warn({ err: error }, "engine heartbeat failed; keeping the current share of the pacing ceilings");
    }
  }
  const finisher = createBatcher<FinishItem, boolean>(async (items) => {
    const ended = await finishReports(prisma, owner, items);
    return items.map((i) => ended.has(i.id));
  }, { maxBatch: 200, maxWaitMs: 10 });
  const sender = createBatcher<SendingItem, boolean>(async (items) => {
    const held = await markSending(prisma, owner, items, lease());
    return items.map((i) => held.has(i.id));
  }, { maxBatch: 200, maxWaitMs: 5 });

  /** A read of the switch under way: the sends that find the cached value stale share it (one statement, not one each). */
  let enabledRead: Promise<boolean> | null = null;
  async function integrationEnabled(): Promise<boolean> {
    if (Date.now() - enabled.readAt < (options.settingsMs ?? 1000)) return enabled.value;
    enabledRead ??= readIntegrationEnabled(prisma)
      .then((value) => ((enabled = { value, readAt: Date.now() }), value))
      .finally(() => (enabledRead = null));
    return enabledRead;
  }

  async function finish(report: ClaimedReport, data: FinishData) {
    const ok = await finisher.add({ id: report.id, ...data });
    if (ok && data.state === "COMPLETED") stats.completed++;
    if (ok && data.state === "FAILED") stats.failed++;
  }

  async function send(report: ClaimedReport): Promise<void> {
    if (report.state === "ACCEPTED") return void trackPoll(report, { acceptedAt: report.acceptedAt ?? new Date(), recorded: true });
    if (!(await integrationEnabled())) {
      await releaseReport(prisma, report.id, owner, { state: "QUEUED", nextAttemptAt: new Date() });
      return;
    }
    if (report.device.azureDeviceId === null) {
      const code = report.device.clientStatusCode;
      await finish(report, { state: "SKIPPED", at: new Date(), errorCode: code && code !== "Success" ? code : null, errorDetail: skippedDetail(code) });
      return;
    }

    const payload = readPayload(report.payload);
    let entities = payload.entities;
    let uploadTime = payload.uploadTime ? new Date(payload.uploadTime) : null;
    let messageId = report.messageId;
    if (!entities || !uploadTime || !messageId) {
      // First attempt (or a row from before message bodies were kept): build the message now.
      const input = deviceReportFor(report, new Date());
      let userId: string;
      try {
        userId = await client.resolveUserId(input.ownerUpn);
      } catch (error) {
        // An attempt like a failed PUT (so a lookup that keeps failing ends the report), counted here.
        return failedAttempt(report, error, report.attempts + 1, true);
      }
      uploadTime = new Date();
      messageId = randomUUID();
      entities = buildDeviceEntities({ ...input, userId, tenantId: tenant });
    }

    // Waiting for the pacer (a paused tenant waits out Retry-After) ends when the engine stops:
    // the report goes back to the queue, as when the integration is off.
    if (!(await untilStopped(pacer.acquire(tenant, "write").then(() => true), stopping.signal, false))) {
      await releaseReport(prisma, report.id, owner, { state: "QUEUED", nextAttemptAt: new Date() });
      return;
    }
    const held = await sender.add({ id: report.id, messageId, payload: { ...payload, entities, uploadTime: uploadTime.toISOString() } });
    if (!held) return; // The lease was lost (taken over after expiry): the new holder carries on.
    const attempt = report.attempts + 1;
    stats.puts++;
    let httpStatus: number;
    try {
      ({ httpStatus } = await client.uploadDeviceReport({ messageId, uploadTime, devices: [deviceReportFromEntities(entities)] }));
    } catch (error) {
      return failedAttempt(report, error, attempt);
    }
    pacer.succeeded(tenant, "write");
    trackPoll({ ...report, messageId, state: "ACCEPTED", attempts: attempt, nextAttemptAt: new Date(Date.now() + options.pollMs) }, { acceptedAt: new Date(), httpStatus, recorded: false });
  }

  /** A PUT (or the user lookup before it) failed: retry later, or give up with the reason kept. */
  async function failedAttempt(report: ClaimedReport, error: unknown, attempt: number, countAttempt = false) {
    const e = isIntuneError(error) ? error : null;
    if (e?.httpStatus === 429) pacer.throttled(tenant, "write", e.retryAfterMs);
    const code = e?.code ?? "InternalError";
    const detail = e?.detail ?? (error instanceof Error ? error.message : String(error));
    const httpStatus = e?.httpStatus ?? null;
    if (!e) log.error({ err: error, reportId: report.id }, "report attempt failed unexpectedly");
    if (e?.kind === "permanent" || attempt >= options.maxAttempts) {
      const reason = e?.kind === "permanent" ? detail : `${detail} (gave up after ${attempt} attempts)`;
      await finish(report, { state: "FAILED", at: new Date(), httpStatus, errorCode: code, errorDetail: reason, countAttempt });
      return;
    }
    stats.retries++;
    const wait = retryDelay(attempt, e?.retryAfterMs ?? null, options.backoff);
    await releaseReport(prisma, report.id, owner, {
      state: "QUEUED",
      nextAttemptAt: new Date(Date.now() + wait),
      countAttempt,
      httpStatus,
      errorCode: code,
      errorDetail: `${detail} (attempt ${attempt} of ${options.maxAttempts}; next in ${Math.round(wait / 1000)} s)`,
    });
  }

  interface Accepted {
    acceptedAt: Date;
    /** The PUT's answer, written with the accepted state. */
    httpStatus?: number;
    /** Whether the row already says ACCEPTED (written when the first poll finds it pending). */
    recorded: boolean;
  }

  /**
   * Polls the message until Completed/Failed; hands it back when it takes long or the engine
   * stops. A message Microsoft completes at the first poll is written once, at its end.
   */
  async function poll(report: ClaimedReport, accepted: Accepted) {
    const messageId = report.messageId!;
    const started = Date.now();
    let interval = options.pollMs;
    let errors = 0;
    const ensureRecorded = async () => {
      if (accepted.recorded) return true;
      accepted.recorded = true;
      return markAccepted(prisma, report.id, owner, { at: accepted.acceptedAt, httpStatus: accepted.httpStatus ?? null, nextPollAt: new Date(Date.now() + interval), leaseUntil: lease() });
    };
    const end = (data: FinishData) =>
      finish(report, accepted.recorded ? data : { ...data, acceptedAt: accepted.acceptedAt, ...(accepted.httpStatus !== undefined && data.httpStatus === undefined ? { httpStatus: accepted.httpStatus } : {}) });
    // A report taken over (or due again) is polled at once; a fresh one after pollMs.
    let wait = Math.max(0, report.nextAttemptAt.getTime() - Date.now());
    for (;;) {
      await untilStopped(sleep(wait), stopping.signal, null);
      if (Date.now() - accepted.acceptedAt.getTime() > options.pollTimeoutMs) {
        await end({ state: "FAILED", at: new Date(), errorCode: "PollTimeout", errorDetail: `Microsoft had not processed message ${messageId} after ${Math.round(options.pollTimeoutMs / 1000)} s.` });
        return;
      }
      if (!running || Date.now() - started > options.inlinePollMs) {
        if (!(await ensureRecorded())) return;
        await releaseReport(prisma, report.id, owner, { state: "ACCEPTED", nextAttemptAt: new Date(Date.now() + (running ? interval : 0)) });
        return;
      }
      // Stopping cuts the wait for the pacer short too: the next turn hands the report back.
      if (!(await untilStopped(pacer.acquire(tenant, "read").then(() => true), stopping.signal, false))) continue;
      stats.polls++;
      try {
        const { outcome, status } = await client.getMessageStatus(messageId);
        pacer.succeeded(tenant, "read");
        errors = 0;
        // httpStatus stays the PUT's answer; Microsoft's verdict on the message is in its status.
        if (outcome === "completed") return end({ state: "COMPLETED", at: new Date() });
        if (outcome === "failed") return end({ state: "FAILED", at: new Date(), errorCode: status.ErrorCode ?? "Failed", errorDetail: status.ErrorDetail ?? null });
        if (!(await ensureRecorded())) return;
        interval = Math.min(options.pollMaxMs, Math.ceil(interval * 1.5));
        wait = interval;
      } catch (error) {
        if (!isIntuneError(error)) throw error;
        if (error.httpStatus === 429) pacer.throttled(tenant, "read", error.retryAfterMs);
        if (error.httpStatus === 404) {
          // Microsoft does not know the message (lost on its side): PUT it again, same id and body.
          return failedAttempt(report, error, report.attempts + 1);
        }
        if (error.kind === "permanent") {
          return end({ state: "FAILED", at: new Date(), httpStatus: error.httpStatus, errorCode: error.code, errorDetail: error.detail });
        }
        if (!(await ensureRecorded())) return;
        errors++;
        wait = retryDelay(errors, error.retryAfterMs, options.backoff);
      }
    }
  }

  /** `reportId`: the report is let go (ended, released or lost) when the task ends. */
  function track(set: Set<Promise<void>>, task: Promise<void>, reportId: string | null) {
    const p = task
      .catch((error: unknown) => log.error({ err: error }, "report task failed; its lease will expire and another attempt follows"))
      .finally(() => {
        set.delete(p);
        if (reportId && !handedToPoll.delete(reportId)) held.delete(reportId);
        startSends();
        if (wakeOnFreeSlot) wake?.();
      });
    set.add(p);
  }

  /** Starts the claimed reports that wait, as far as sending slots are free. */
  function startSends() {
    while (ready.length > 0 && sending.size < options.concurrency) {
      const report = ready.shift()!;
      track(sending, send(report), report.id);
    }
  }

  /** Reports whose send task ended by handing them to a poll task (still held). */
  const handedToPoll = new Set<string>();
  function trackPoll(report: ClaimedReport, accepted: Accepted) {
    handedToPoll.add(report.id);
    track(polling, poll(report, accepted), report.id);
  }

  async function run() {
    // Claim in batches: wait until a quarter of the slots' worth is free rather than claim one by
    // one. Reports in hand: those being sent plus up to `concurrency` claimed ahead.
    const batch = Math.max(1, Math.floor(options.concurrency / 4));
    const room = () => Math.min(2 * options.concurrency - sending.size - ready.length, options.concurrency * AWAITING_PER_SLOT - polling.size);
    // Whether the queue may hold more due reports than the last claim took.
    let more = true;
    // Reports to resume (released for a later poll, or a dead engine's) are looked for at most
    // this often: their query is the costly one, and they wait for seconds anyway.
    const resumeEveryMs = Math.min(1000, Math.floor(options.leaseMs / 3));
    let resumedAt = 0;
    while (running) {
      try {
        if (more && room() >= batch && (await integrationEnabled())) {
          const want = Math.min(room(), 200);
          const now = new Date();
          const resume = now.getTime() - resumedAt >= resumeEveryMs;
          if (resume) resumedAt = now.getTime();
          const ids = await claimDueReports(prisma, owner, want, now, new Date(now.getTime() + options.leaseMs), resume);
          stats.claimed += ids.length;
          more = ids.length === want;
          for (const id of ids) held.set(id, ++claims);
          for (const report of await loadClaimed(prisma, ids)) {
            // An accepted report only needs its status polled: no sending slot.
            if (report.state === "ACCEPTED") track(sending, send(report), report.id);
            else ready.push(report);
          }
          startSends();
          if (more && room() >= batch) continue;
        }
        // More waiting but no room: claim as soon as enough room frees up. Queue drained: look
        // again after idleMs, or at once when nudged (a person queued something).
        wakeOnFreeSlot = more;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => ((wake = null), resolve()), options.idleMs);
          wake = () => (clearTimeout(timer), (wake = null), resolve());
        });
        more = true; // a slot freed, an idle tick or a nudge: look again
      } catch (error) {
        log.error({ err: error }, "claiming reports failed; retrying");
        await sleep(Math.max(options.idleMs, 1000));
      }
    }
    // Stopping: reports claimed ahead and not started go back to the queue (as when the
    // integration is off), sends under way finish, polls hand their reports back (released, not
    // lost), writes land.
    await Promise.all(
      ready.splice(0).map(async (report) => {
        try {
          await releaseReport(prisma, report.id, owner, { state: "QUEUED", nextAttemptAt: new Date() });
        } catch (error) {
          log.warn({ err: error, reportId: report.id }, "releasing a report failed; its lease will expire and another engine takes it");
        } finally {
          held.delete(report.id);
        }
      }),
    );
    while (sending.size + polling.size > 0) await Promise.all([...sending, ...polling]);
    await sender.drain();
    await finisher.drain();
  }

  return {
    owner,
    start() {
      if (running) return;
      running = true;
      stopping = new AbortController();
      // One waiter per report in hand at most (sends and polls, bounded by concurrency): not a leak.
      setMaxListeners(0, stopping.signal);
      keeper = setInterval(() => (void renewLeases(), void heartbeat()), Math.max(100, Math.floor(options.leaseMs / 3)));
      void heartbeat();
      loop = run();
      log.info({ concurrency: options.concurrency }, "reporting engine started");
    },
    async stop() {
      running = false;
      stopping.abort();
      wake?.();
      await loop;
      loop = null;
      if (keeper) clearInterval(keeper);
      keeper = null;
      held.clear();
      await engineGone(prisma, owner).catch((error: unknown) => log.warn({ err: error }, "could not remove the engine's heartbeat; it ages out"));
    },
    stats: () => ({ sending: sending.size, awaiting: polling.size, ...stats }),
    nudge: () => wake?.(),
  };
}
