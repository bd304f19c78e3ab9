/**
 * Runs a simulated fleet against the device API: enrols every device, then sends check-ins
 * at a steady overall rate (or as fast as `concurrency` allows) for a while, each device
 * checking in in turn and never twice at once, like a real one. A share of check-ins is sent
 * twice with the same checkInId (a client retrying after a lost answer): the second must come
 * back `replayed`. 429/503 answers are honoured (the same check-in is retried after
 * Retry-After); a 410 takes the device out (it was retired, e.g. after a jailbreak).
 * The same loop is the load generator of scripts/bench-checkins.ts.
 */
import { createFleet, enrollmentOf, nextCheckIn, type SimulatedDevice } from "./fleet";
import type { ApiAnswer, Transport } from "./transport";

export interface SimulationOptions {
  devices: number;
  /** Check-ins per second over the whole fleet; Infinity: as fast as `concurrency` allows. */
  rate: number;
  /** Stop issuing check-ins after this long (ms) or after `checkIns`, whichever comes first. */
  durationMs?: number;
  checkIns?: number;
  concurrency: number;
  seed: number;
  /** Share of check-ins sent a second time with the same checkInId (0..1). */
  retryShare?: number;
  onProgress?: (stats: SimulationStats) => void;
  progressEveryMs?: number;
}

export interface SimulationStats {
  enrolled: number;
  enrolFailures: number;
  enrolMs: number;
  /** Check-in requests answered (retries included), by HTTP status. */
  byStatus: Record<string, number>;
  sent: number;
  applied: number;
  replayed: number;
  /** Deliberate retries (same checkInId) the server answered. */
  retriesSent: number;
  /** Retries the server did not recognise as such (should be 0). */
  retriesNotRecognised: number;
  reportsQueued: Record<string, number>;
  events: Record<string, number>;
  retired: number;
  checkInMs: number;
  /** Answered check-in requests per second during the check-in phase. */
  ratePerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** The first few unexpected answers, for the log. */
  errors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const count = (map: Record<string, number>, key: string, n = 1) => {
  map[key] = (map[key] ?? 0) + n;
};

interface DeviceState {
  device: SimulatedDevice;
  busy: boolean;
  notBefore: number;
  /** A check-in to send (again) before a new one: after 429/503, or a deliberate retry. */
  pending: { body: unknown; retry: boolean } | null;
}

export async function runSimulation(transport: Transport, apiKey: string, options: SimulationOptions): Promise<SimulationStats> {
  const stats: SimulationStats = {
    enrolled: 0,
    enrolFailures: 0,
    enrolMs: 0,
    byStatus: {},
    sent: 0,
    applied: 0,
    replayed: 0,
    retriesSent: 0,
    retriesNotRecognised: 0,
    reportsQueued: {},
    events: {},
    retired: 0,
    checkInMs: 0,
    ratePerSecond: 0,
    latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
    errors: [],
  };
  const unexpected = (what: string, a: ApiAnswer) => {
    if (stats.errors.length < 20) stats.errors.push(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
  };

  // Enrolment, `concurrency` at a time.
  const fleet = createFleet(options.devices, options.seed);
  const enrolStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, fleet.length) }, async () => {
      while (next < fleet.length) {
        const device = fleet[next++]!;
        const a = await transport({ method: "POST", path: "/api/v1/enrollments", token: apiKey, body: enrollmentOf(device) });
        if (a.status === 201) {
          device.id = String(a.body.deviceId);
          device.token = String(a.body.deviceToken);
          device.retired = (a.body.device as { lifecycle?: string } | undefined)?.lifecycle !== "ACTIVE";
          stats.enrolled++;
          for (const trigger of (a.body.reportsQueued as string[]) ?? []) count(stats.reportsQueued, `enrolment ${trigger}`);
        } else {
          stats.enrolFailures++;
          unexpected("enrolment", a);
        }
      }
    }),
  );
  stats.enrolMs = performance.now() - enrolStart;

  const states: DeviceState[] = fleet.filter((d) => d.id && !d.retired).map((device) => ({ device, busy: false, notBefore: 0, pending: null }));
  const latencies: number[] = [];
  const retryShare = options.retryShare ?? 0;
  const start = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : start + options.durationMs;
  const limit = options.checkIns ?? Infinity;
  let issued = 0;
  let inFlight = 0;
  let cursor = 0;
  let wake: (() => void) | null = null;
  const finished = () => {
    inFlight--;
    wake?.();
  };
  let lastProgress = start;

  const send = async (s: DeviceState) => {
    const d = s.device;
    let body: unknown;
    let retry = false;
    if (s.pending) {
      ({ body, retry } = s.pending);
      s.pending = null;
    } else {
      const made = nextCheckIn(d);
      body = made.body;
      for (const e of made.events) count(stats.events, e);
    }
    const t0 = performance.now();
    const a = await transport({ method: "POST", path: `/api/v1/devices/${d.id}/check-ins`, token: d.token, body });
    latencies.push(performance.now() - t0);
    stats.sent++;
    // A deliberate retry counts once it is answered (a 429 before it does not make two).
    if (retry && a.status === 200) stats.retriesSent++;
    count(stats.byStatus, String(a.status));
    if (a.status === 200) {
      if (a.body.replayed === true) {
        stats.replayed++;
      } else {
        stats.applied++;
        if (retry) stats.retriesNotRecognised++;
        for (const trigger of (a.body.reportsQueued as string[]) ?? []) count(stats.reportsQueued, trigger);
        if (retryShare > 0 && d.random.chance(retryShare)) s.pending = { body, retry: true };
      }
      if ((a.body.device as { lifecycle?: string } | undefined)?.lifecycle !== "ACTIVE") {
        d.retired = true;
        stats.retired++;
      }
    } else if (a.status === 429 || a.status === 503) {
      s.pending = { body, retry };
      s.notBefore = performance.now() + (a.retryAfterSeconds ?? 1) * 1000;
    } else if (a.status === 410) {
      d.retired = true;
      stats.retired++;
    } else {
      unexpected("check-in", a);
    }
  };

  const pick = (now: number): DeviceState | null => {
    for (let i = 0; i < states.length; i++) {
      const s = states[(cursor + i) % states.length]!;
      if (!s.busy && !s.device.retired && s.notBefore <= now) {
        cursor = (cursor + i + 1) % states.length;
        return s;
      }
    }
    return null;
  };

  while (issued < limit && performance.now() < deadline && states.some((s) => !s.device.retired)) {
    const now = performance.now();
    if (options.onProgress && now - lastProgress >= (options.progressEveryMs ?? 10_000)) {
      lastProgress = now;
      options.onProgress(summarise(stats, latencies, now - start));
    }
    if (inFlight >= options.concurrency) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      continue;
    }
    if (Number.isFinite(options.rate)) {
      const due = start + (issued * 1000) / options.rate;
      if (now < due) {
        await sleep(Math.min(due - now, 50));
        continue;
      }
    }
    const s = pick(now);
    if (!s) {
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 20);
        });
        wake = null;
      } else await sleep(20);
      continue;
    }
    s.busy = true;
    inFlight++;
    issued++;
    void send(s)
      .catch((error: unknown) => {
        count(stats.byStatus, "network error");
        if (stats.errors.length < 20) stats.errors.push(`check-in: ${(error as Error).message}`);
      })
      .finally(() => {
        s.busy = false;
        finished();
      });
  }
  while (inFlight > 0) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 20);
    });
    wake = null;
  }
  return summarise(stats, latencies, performance.now() - start);
}

function summarise(stats: SimulationStats, latencies: number[], elapsedMs: number): SimulationStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    ...stats,
    checkInMs: Math.round(elapsedMs),
    ratePerSecond: round((stats.sent / elapsedMs) * 1000),
    latencyMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) },
  };
}
