/**
 * The reporting engine: claims due reports from the outbox, sends each as one
 * DataUploadMessage, polls Microsoft until Completed or Failed, and records every step on the
 * report row. Any number of engines may run against one PostgreSQL database (claims are
 * `FOR UPDATE SKIP LOCKED` with a lease; a dead engine's leases expire and are taken over).
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import {
  claimDueReports,
  extendLease,
  finishReport,
  loadClaimed,
  markAccepted,
  markSending,
  readIntegrationEnabled,
  releaseReport,
  skippedDetail,
  type ClaimedReport,
  type FinishData,
} from "../db/reports";
import { buildDeviceEntities } from "../domain/report-payload";
import { retryDelay, type BackoffPolicy } from "../domain/backoff";
import { isIntuneError, type IntuneClient } from "../intune";
import { log as rootLog } from "../log";
import { deviceReportFor, deviceReportFromEntities, readPayload } from "./message";
import { Pacer } from "./pacer";

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
  claimed: number;
  puts: number;
  polls: number;
  completed: number;
  failed: number;
  retries: number;
}

export interface ReportingEngine {
  readonly owner: string;
  start(): void;
  /** Stops claiming, lets the reports in hand reach a safe point (released, not lost), and resolves. */
  stop(): Promise<void>;
  stats(): EngineStats;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEngine(prisma: PrismaClient, client: IntuneClient, options: EngineOptions): ReportingEngine {
  const owner = options.owner ?? `engine-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = rootLog.child({ component: "reporting", owner });
  const pacer = new Pacer({ writesPerSecond: options.writesPerSecond, readsPerSecond: options.readsPerSecond });
  const tenant = client.tenantId;
  const stats: EngineStats = { claimed: 0, puts: 0, polls: 0, completed: 0, failed: 0, retries: 0 };
  const active = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let enabled = { value: true, readAt: 0 };

  const lease = () => new Date(Date.now() + options.leaseMs);

  async function integrationEnabled(): Promise<boolean> {
    if (Date.now() - enabled.readAt < (options.settingsMs ?? 1000)) return enabled.value;
    enabled = { value: await readIntegrationEnabled(prisma), readAt: Date.now() };
    return enabled.value;
  }

  async function finish(report: ClaimedReport, data: FinishData) {
    const ok = await finishReport(prisma, report.id, owner, data);
    if (ok && data.state === "COMPLETED") stats.completed++;
    if (ok && data.state === "FAILED") stats.failed++;
  }

  async function handle(report: ClaimedReport): Promise<void> {
    if (report.state === "ACCEPTED") return poll(report, report.acceptedAt ?? new Date());
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
        return failedAttempt(report, error, report.attempts + 1);
      }
      uploadTime = new Date();
      messageId = randomUUID();
      entities = buildDeviceEntities({ ...input, userId, tenantId: tenant });
    }

    await pacer.acquire(tenant, "write");
    const sent = await markSending(prisma, report.id, owner, {
      messageId,
      payload: { ...payload, entities, uploadTime: uploadTime.toISOString() },
      leaseUntil: lease(),
    });
    if (!sent) return; // The lease was lost (taken over after expiry): the new holder carries on.
    const attempt = report.attempts + 1;
    stats.puts++;
    try {
      await client.uploadDeviceReport({ messageId, uploadTime, devices: [deviceReportFromEntities(entities)] });
    } catch (error) {
      return failedAttempt(report, error, attempt);
    }
    pacer.succeeded(tenant, "write");
    const acceptedAt = new Date();
    const nextPollAt = new Date(acceptedAt.getTime() + options.pollMs);
    const ok = await markAccepted(prisma, report.id, owner, { at: acceptedAt, httpStatus: null, nextPollAt, leaseUntil: lease() });
    if (ok) await poll({ ...report, messageId, state: "ACCEPTED", attempts: attempt, nextAttemptAt: nextPollAt }, acceptedAt);
  }

  /** A PUT (or the user lookup before it) failed: retry later, or give up with the reason kept. */
  async function failedAttempt(report: ClaimedReport, error: unknown, attempt: number) {
    const e = isIntuneError(error) ? error : null;
    if (e?.httpStatus === 429) pacer.throttled(tenant, "write", e.retryAfterMs);
    const code = e?.code ?? "InternalError";
    const detail = e?.detail ?? (error instanceof Error ? error.message : String(error));
    const httpStatus = e?.httpStatus ?? null;
    if (!e) log.error({ err: error, reportId: report.id }, "report attempt failed unexpectedly");
    if (e?.kind === "permanent" || attempt >= options.maxAttempts) {
      const reason = e?.kind === "permanent" ? detail : `${detail} (gave up after ${attempt} attempts)`;
      await finish(report, { state: "FAILED", at: new Date(), httpStatus, errorCode: code, errorDetail: reason });
      return;
    }
    stats.retries++;
    const wait = retryDelay(attempt, e?.retryAfterMs ?? null, options.backoff);
    await releaseReport(prisma, report.id, owner, {
      state: "QUEUED",
      nextAttemptAt: new Date(Date.now() + wait),
      httpStatus,
      errorCode: code,
      errorDetail: `${detail} (attempt ${attempt} of ${options.maxAttempts}; next in ${Math.round(wait / 1000)} s)`,
    });
  }

  /** Polls the message until Completed/Failed; hands it back when it takes long or the engine stops. */
  async function poll(report: ClaimedReport, acceptedAt: Date) {
    const messageId = report.messageId!;
    const started = Date.now();
    let interval = options.pollMs;
    let errors = 0;
    let leaseUntil = Date.now() + options.leaseMs;
    // A report taken over (or due again) is polled at once; a fresh one after pollMs.
    let wait = Math.max(0, report.nextAttemptAt.getTime() - Date.now());
    for (;;) {
      await sleep(wait);
      if (Date.now() - acceptedAt.getTime() > options.pollTimeoutMs) {
        await finish(report, { state: "FAILED", at: new Date(), errorCode: "PollTimeout", errorDetail: `Microsoft had not processed message ${messageId} after ${Math.round(options.pollTimeoutMs / 1000)} s.` });
        return;
      }
      if (!running || Date.now() - started > options.inlinePollMs) {
        await releaseReport(prisma, report.id, owner, { state: "ACCEPTED", nextAttemptAt: new Date(Date.now() + (running ? interval : 0)) });
        return;
      }
      if (leaseUntil - Date.now() < options.leaseMs / 2) {
        if (!(await extendLease(prisma, report.id, owner, lease()))) return;
        leaseUntil = Date.now() + options.leaseMs;
      }
      await pacer.acquire(tenant, "read");
      stats.polls++;
      try {
        const { outcome, status } = await client.getMessageStatus(messageId);
        pacer.succeeded(tenant, "read");
        errors = 0;
        if (outcome === "completed") return finish(report, { state: "COMPLETED", at: new Date(), httpStatus: 200 });
        if (outcome === "failed") {
          return finish(report, { state: "FAILED", at: new Date(), httpStatus: 200, errorCode: status.ErrorCode ?? "Failed", errorDetail: status.ErrorDetail ?? null });
        }
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
          return finish(report, { state: "FAILED", at: new Date(), httpStatus: error.httpStatus, errorCode: error.code, errorDetail: error.detail });
        }
        errors++;
        wait = retryDelay(errors, error.retryAfterMs, options.backoff);
      }
    }
  }

  function track(task: Promise<void>) {
    const p = task
      .catch((error: unknown) => log.error({ err: error }, "report task failed; its lease will expire and another attempt follows"))
      .finally(() => {
        active.delete(p);
        wake?.();
      });
    active.add(p);
  }

  async function run() {
    while (running) {
      try {
        const free = options.concurrency - active.size;
        let claimed = 0;
        if (free > 0 && (await integrationEnabled())) {
          const now = new Date();
          const ids = await claimDueReports(prisma, owner, Math.min(free, 100), now, new Date(now.getTime() + options.leaseMs));
          claimed = ids.length;
          stats.claimed += claimed;
          for (const report of await loadClaimed(prisma, ids)) track(handle(report));
        }
        if (claimed === 0 || active.size >= options.concurrency) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => ((wake = null), resolve()), options.idleMs);
            // Free capacity after a full batch: claim again as soon as a task ends.
            if (claimed > 0) wake = () => (clearTimeout(timer), (wake = null), resolve());
          });
        }
      } catch (error) {
        log.error({ err: error }, "claiming reports failed; retrying");
        await sleep(Math.max(options.idleMs, 1000));
      }
    }
    await Promise.all([...active]);
  }

  return {
    owner,
    start() {
      if (running) return;
      running = true;
      loop = run();
      log.info({ concurrency: options.concurrency }, "reporting engine started");
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    stats: () => ({ ...stats }),
  };
}
