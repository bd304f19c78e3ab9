// Measuring instruments shared by the reporting benchmarks (bench-reporting, bench-scaleout):
// the machine's description, a process's memory (this one sampled, others from /proc), every
// SQL statement the PostgreSQL driver runs (counted and timed), and a CPU profile of this
// process over a stretch of work, summarised as the functions that took the most time.
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import pg from "pg";

export function machineInfo() {
  return { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryMiB: Math.round(os.totalmem() / 2 ** 20), platform: `${os.platform()} ${os.release()}` };
}

const MiB = 2 ** 20;
const mib = (bytes: number) => Math.round(bytes / MiB);

export interface MemoryPeaks {
  baselineRssMiB: number;
  peakRssMiB: number;
  peakRssAboveBaselineMiB: number;
  peakHeapUsedMiB: number;
  /** Memory outside the JS heap held by JS objects (Buffers, and WebAssembly memories such as PGlite's). */
  peakExternalMiB: number;
  peakArrayBuffersMiB: number;
  /** With `liveHeapEveryMs`: the JS heap still in use right after a full collection (what is really held), at its peak. */
  peakLiveHeapMiB?: number;
}

/**
 * Samples this process's memory every `everyMs` until stopped; peaks of each figure. With
 * `liveHeapEveryMs` (and node --expose-gc) it also collects garbage that often and records the
 * heap left: the memory the work really holds, as opposed to garbage V8 has not collected yet.
 */
export function sampleMemory(everyMs = 100, liveHeapEveryMs = 0): { stop(): MemoryPeaks } {
  const baseline = process.memoryUsage();
  const peak = { ...baseline };
  let liveHeap = 0;
  const take = () => {
    const m = process.memoryUsage();
    for (const k of ["rss", "heapUsed", "external", "arrayBuffers"] as const) peak[k] = Math.max(peak[k], m[k]);
  };
  const timer = setInterval(take, everyMs);
  const collect = () => {
    take();
    global.gc?.();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  };
  const collector = liveHeapEveryMs > 0 && global.gc ? setInterval(collect, liveHeapEveryMs) : null;
  return {
    stop() {
      clearInterval(timer);
      if (collector) clearInterval(collector);
      take();
      return {
        ...(collector ? { peakLiveHeapMiB: mib(liveHeap) } : {}),
        baselineRssMiB: mib(baseline.rss),
        peakRssMiB: mib(peak.rss),
        peakRssAboveBaselineMiB: mib(peak.rss - baseline.rss),
        peakHeapUsedMiB: mib(peak.heapUsed),
        peakExternalMiB: mib(peak.external),
        peakArrayBuffersMiB: mib(peak.arrayBuffers),
      };
    },
  };
}

/** VmRSS and VmHWM (peak RSS since the process started) of a live process, in MiB; null when unreadable. */
export function processMemory(pid: number): { rssMiB: number; peakRssMiB: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    const rss = kb("VmRSS");
    const hwm = kb("VmHWM");
    if (!Number.isFinite(rss) || !Number.isFinite(hwm)) return null;
    return { rssMiB: Math.round(rss / 1024), peakRssMiB: Math.round(hwm / 1024) };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- CPU time

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU seconds (user + system) a process has used so far; null when unreadable. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return null;
  }
}

/** CPU seconds used so far by each live process named `comm` (e.g. PostgreSQL's backends), by pid. */
export function commandCpuSeconds(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== comm) continue;
      const seconds = processCpuSeconds(Number(entry));
      if (seconds !== null) out.set(Number(entry), seconds);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU seconds the processes of `after` used since `before` (a process that ended meanwhile is not counted). */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The whole machine's CPU time so far: busy and total, in seconds of all CPUs together. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = line.reduce((a, b) => a + b, 0);
  const idle = (line[3] ?? 0) + (line[4] ?? 0); // idle, iowait
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/**
 * CPU use over a stretch of work: cores used on average by this process, the named other
 * processes and PostgreSQL's backends, and the machine's busy share (everything, other users too).
 */
export function measureCpu(others: Record<string, number> = {}): { stop(): Record<string, number> } {
  const t0 = process.hrtime.bigint();
  const self0 = process.cpuUsage();
  const others0 = Object.fromEntries(Object.entries(others).map(([k, pid]) => [k, processCpuSeconds(pid)]));
  const pg0 = commandCpuSeconds("postgres");
  const m0 = machineCpuSeconds();
  return {
    stop() {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const self = process.cpuUsage(self0);
      const m1 = machineCpuSeconds();
      const cores = (seconds: number) => Number((seconds / wall).toFixed(2));
      const out: Record<string, number> = { wallSeconds: Number(wall.toFixed(2)), thisProcessCores: cores((self.user + self.system) / 1e6) };
      for (const [k, pid] of Object.entries(others)) {
        const now = processCpuSeconds(pid);
        if (now !== null && others0[k] !== null) out[`${k}Cores`] = cores(now - others0[k]!);
      }
      out.postgresServerCores = cores(cpuSince(pg0, commandCpuSeconds("postgres")));
      out.machineBusyShare = Number(((m1.busy - m0.busy) / Math.max(1e-9, m1.total - m0.total)).toFixed(2));
      out.machineCpus = os.cpus().length;
      return out;
    },
  };
}

// ---------------------------------------------------------------- SQL statements

export interface StatementStats {
  statements: number;
  /** Sum of the statements' client-side latencies (queueing for a connection excluded). */
  totalMs: number;
  byStatement: { sql: string; count: number; totalMs: number; meanMs: number }[];
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Counts and times every statement the `pg` driver runs in this process (Prisma's PostgreSQL
 * adapter goes through pg.Client#query), grouped by the statement's opening text. For the
 * benchmarks only: it wraps the driver's prototype until `stop()`.
 */
export function countStatements(): { snapshot(): StatementStats; reset(): void; stop(): void } {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  let stats = new Map<string, { count: number; ns: bigint }>();
  const record = (text: string, started: bigint) => {
    const key = text.replace(/\s+/g, " ").trim().slice(0, 110);
    const s = stats.get(key) ?? { count: 0, ns: 0n };
    s.count++;
    s.ns += process.hrtime.bigint() - started;
    stats.set(key, s);
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : typeof (first as { text?: unknown })?.text === "string" ? (first as { text: string }).text : null;
    if (text === null) return original.apply(this, args);
    const started = process.hrtime.bigint();
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (...a: unknown[]) => unknown;
      args[last] = (...a: unknown[]) => (record(text, started), callback(...a));
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      void (result as Promise<unknown>).then(() => record(text, started), () => record(text, started));
    }
    return result;
  };
  return {
    snapshot() {
      const byStatement = [...stats].map(([sql, s]) => ({ sql, count: s.count, totalMs: Number(s.ns) / 1e6, meanMs: Number(s.ns) / 1e6 / s.count }));
      byStatement.sort((a, b) => b.totalMs - a.totalMs);
      return {
        statements: byStatement.reduce((n, s) => n + s.count, 0),
        totalMs: byStatement.reduce((n, s) => n + s.totalMs, 0),
        byStatement: byStatement.map((s) => ({ ...s, totalMs: Number(s.totalMs.toFixed(1)), meanMs: Number(s.meanMs.toFixed(3)) })),
      };
    },
    reset: () => void (stats = new Map()),
    stop: () => void (proto.query = original),
  };
}

// ---------------------------------------------------------------- CPU profile

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Starts the V8 sampling profiler on this thread; `stop()` returns the profile (.cpuprofile JSON). */
export async function startCpuProfile(samplingIntervalUs = 500): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalUs });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
      session.disconnect();
      return profile;
    },
  };
}

/** Where a function lives, shortened: a package name, node's internals, or a path in the repository. */
function place(url: string, root: string): string {
  if (!url) return "";
  const u = url.replace(/^file:\/\//, "");
  const nm = u.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = u.slice(nm + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (u.startsWith("node:")) return "node:internal";
  return u.startsWith(root) ? u.slice(root.length + 1) : u;
}

/**
 * A profile as text: time by package/module (self), the top functions by self time, and the
 * product's functions by inclusive time (each counted once per stack, recursion aside).
 */
export function summarizeCpuProfile(profile: CpuProfile, options: { root: string; top?: number }): string {
  const top = options.top ?? 30;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const key = (n: ProfileNode) => {
    const where = place(n.callFrame.url, options.root);
    return `${n.callFrame.functionName || "(anonymous)"}${where ? ` ${where}:${n.callFrame.lineNumber + 1}` : ""}`;
  };
  const category = (n: ProfileNode) => {
    const name = n.callFrame.functionName;
    if (!n.callFrame.url && name.startsWith("(")) return name; // (garbage collector), (idle), (program)
    const where = place(n.callFrame.url, options.root);
    if (!where) return "(native/builtin)";
    if (where.startsWith("lib/") || where.startsWith("scripts/")) return where.split("/").slice(0, 2).join("/");
    return where;
  };
  const selfByFn = new Map<string, number>();
  const selfByCat = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const charged = new Map<string, number>();
  const internal = (c: string) => c === "(native/builtin)" || c === "node:internal";
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    selfByFn.set(key(n), (selfByFn.get(key(n)) ?? 0) + us);
    selfByCat.set(category(n), (selfByCat.get(category(n)) ?? 0) + us);
    // Charged: native code and node's internals count for the nearest package or module that called them.
    let payer = category(n);
    for (let cur = parent.get(id); internal(payer) && cur !== undefined; cur = parent.get(cur)) {
      const c = category(byId.get(cur)!);
      if (!internal(c) && c !== "(root)") payer = c;
    }
    if (internal(payer)) payer = "node internals (no caller on the stack: socket and timer callbacks)";
    charged.set(payer, (charged.get(payer) ?? 0) + us);
    // Inclusive: this sample's time counts once for every distinct function on its stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const rows = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `  ${ms(us)} ${pct(us)}  ${k}`);
  const idle = (selfByCat.get("(idle)") ?? 0) + (selfByCat.get("(program)") ?? 0);
  return [
    `profile: ${(totalUs / 1e6).toFixed(1)} s sampled; busy (not idle/program) ${pct(totalUs - idle)}`,
    "",
    "self time by module (package, node internals, or repository folder):",
    ...rows(selfByCat, 25),
    "",
    "the same, with native code and node's internals charged to the package or module that called them:",
    ...rows(charged, 20),
    "",
    `top ${top} functions by self time:`,
    ...rows(selfByFn, top),
    "",
    "the product's functions (lib/, scripts/) by inclusive time:",
    ...rows(inclusive, top, (k) => / (lib|scripts)\//.test(k)),
  ].join("\n");
}
