// `npm run bench:pages`: the dashboard's device pages over HTTP, served by `next start` (the
// production build) on the embedded database (PGlite, on disk) and on PostgreSQL:
//   fleet     N devices with their Azure fields and report history (scripts/lib/fleet.ts, `azure`),
//             VACUUM ANALYZE, an ADMIN user; the integration turned off so that the reporting
//             engine sends nothing while the pages are measured
//   server    `next start` on a free port against that database (DEMO_DEVICES=0: no demo data)
//   sign-in   through the sign-in page's own form (the server action a browser without JavaScript
//             posts), keeping the session cookie; a page answered with anything but 200 (e.g. a
//             redirect to /signin) stops the run
//   /devices  --seconds of load at --connections concurrent connections (autocannon), rotating
//             through the device list's 13 representative filter / sort / search / page URLs
//   /devices/<id>  the same, rotating through 200 devices of the fleet
// Reports p50 / p95 / p99 latency, requests per second and non-2xx answers (must be 0).
// Target: p95 under 300 ms. Needs the build: run `npx next build` first (it builds nothing).
// Options: --devices N (default 100000), --db pglite|postgres|both (default: both when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server where it may create and drop a
// database, else pglite), --seconds N per URL set (default 20), --connections N (default 10),
// --profile (a CPU profile of the server, summarised in bench/results/pages-profile-<time>.txt),
// --sets list,device (which URL sets to load; default both).
// Writes bench/results/pages-<time>.json and prints a table.
import "./lib/quiet-logs";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedDemoPolicies } from "../lib/api/testing";
import { hashPassword } from "../lib/auth/password";
import { deviceIdOf, deviceListCombos, freshBenchDatabase, onSignalCleanup, percentile, seedFleet, vacuumAnalyze, type BenchDatabase } from "./lib/fleet";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "100000" },
    db: { type: "string" },
    seconds: { type: "string", default: "20" },
    connections: { type: "string", default: "10" },
    profile: { type: "boolean", default: false },
    sets: { type: "string", default: "list,device" },
  },
});
const SETS = new Set(args.sets.split(",").map((s) => s.trim()));
if (SETS.size === 0 || [...SETS].some((s) => s !== "list" && s !== "device")) throw new Error("--sets must be list, device or list,device");
const DEVICES = Number(args.devices);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
if (!Number.isInteger(DEVICES) || DEVICES < 100) throw new Error("--devices must be an integer of at least 100");
if (!Number.isInteger(SECONDS) || SECONDS < 1) throw new Error("--seconds must be a positive integer");
if (!Number.isInteger(CONNECTIONS) || CONNECTIONS < 1) throw new Error("--connections must be a positive integer");
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const which = args.db ?? (postgresUrl ? "both" : "pglite");
if (!["pglite", "postgres", "both"].includes(which)) throw new Error("--db must be pglite, postgres or both");
if (which !== "pglite" && !postgresUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where it may create and drop a database");
const kinds = which === "both" ? (["pglite", "postgres"] as const) : ([which] as ("pglite" | "postgres")[]);
const TARGET_P95_MS = 300;

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const buildId = path.join(root, ".next", "BUILD_ID");
if (!fs.existsSync(buildId)) {
  console.error("bench:pages measures the production build, and there is none: run `npx next build` first (this benchmark builds nothing).");
  process.exit(1);
}
{
  // The same check as `npm start`: a build older than the sources measures old code.
  const newest = (entry: string): number => {
    const full = path.join(root, entry);
    if (!fs.existsSync(full)) return 0;
    const stat = fs.statSync(full);
    return stat.isDirectory() ? Math.max(stat.mtimeMs, ...fs.readdirSync(full).map((c) => newest(path.join(entry, c)))) : stat.mtimeMs;
  };
  const built = fs.statSync(buildId).mtimeMs;
  const changed = ["app", "components", "lib", "prisma/schema.prisma", "next.config.ts"].filter((s) => newest(s) > built);
  if (changed.length) console.error(`Warning: ${changed.join(", ")} changed after the last build: the pages measured are the build's (run \`npx next build\` to measure the sources).`);
}

// autocannon has no types of its own: the part of its API used here.
interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (request: AutocannonRequest, context: object) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { total: number; average: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
  "3xx": number;
  "4xx": number;
  "5xx": number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void): void;
  stop(): void;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: AutocannonRequest[];
  timeout?: number;
}) => AutocannonInstance;

// ---------------------------------------------------------------- the server

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Server {
  base: string;
  child: ChildProcess;
  log: string;
  stop(): Promise<void>;
}

async function startServer(bench: BenchDatabase, dataRoot: string, profileDir: string | null): Promise<Server> {
  const port = await freePort();
  const log = path.join(dataRoot, "server.log");
  const out = fs.openSync(log, "a");
  const env: Record<string, string | undefined> = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AZURE_|AUTH_ENTRA_ID_|DATABASE_URL$|INTUNE_EMULATOR_URL$|NEXTAUTH_)/.test(k)));
  Object.assign(env, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    DATA_DIR: dataRoot,
    DEMO_DEVICES: "0",
    LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? "warn",
    AUTH_SECRET: randomBytes(33).toString("base64url"),
    ...(bench.databaseUrl ? { DATABASE_URL: bench.databaseUrl } : {}),
  });
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ["ignore", out, out], detached: true });
  fs.closeSync(out);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) => child.once("exit", (code, signal) => ((exited = `exited with ${code ?? signal}`), resolve())));
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone already
      }
    }, 15_000);
    await exit;
    clearTimeout(killer);
  };
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`next start ${exited} before serving a page:\n${tail(log)}`);
    if (Date.now() - started > 180_000) {
      await stop();
      throw new Error(`next start served no page in 3 minutes:\n${tail(log)}`);
    }
    try {
      const response = await fetch(`${base}/signin`, { redirect: "manual" });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, child, log, stop };
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

// ---------------------------------------------------------------- signing in

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', "#39": "'", "#x27": "'", lt: "<", gt: ">" };
const unescapeHtml = (text: string) => text.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (_, e: string) => ENTITIES[e]!);

/**
 * Signs in as a browser without JavaScript does: the sign-in page's form (its hidden fields name
 * the server action), posted as multipart with the e-mail and password; the answer is a redirect
 * that sets the session cookie. Returns the Cookie header.
 */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/signin`);
  const html = await page.text();
  const form = [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => f.includes('name="email"'));
  if (!form) throw new Error("sign-in: no form with an e-mail field on /signin");
  const body = new FormData();
  for (const tag of form.match(/<input\b[^>]*>/g) ?? []) {
    const attrs = Object.fromEntries([...tag.matchAll(/([\w:$-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)]));
    if (attrs.type === "hidden" && attrs.name) body.append(attrs.name, attrs.value ?? "");
  }
  body.set("email", email);
  body.set("password", password);
  const answer = await fetch(`${base}/signin`, { method: "POST", body, redirect: "manual", headers: { origin: base } });
  const cookie = answer.headers.getSetCookie().find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  if (!cookie) throw new Error(`sign-in: the form's answer (${answer.status} ${answer.headers.get("location") ?? ""}) set no session cookie`);
  return cookie.split(";")[0]!;
}

/** Each URL once, signed in: it must answer 200 with the page (not a redirect to /signin). */
async function check(base: string, cookie: string, urls: string[], marker: string): Promise<void> {
  for (const url of urls) {
    const response = await fetch(`${base}${url}`, { headers: { cookie }, redirect: "manual" });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status} ${response.headers.get("location") ?? ""}: ${response.status >= 300 && response.status < 400 ? "the session cookie is not accepted" : text.slice(0, 300)}`);
    if (!text.includes(marker)) throw new Error(`GET ${url} answered 200 without ${marker}: not the page expected`);
  }
}

// ---------------------------------------------------------------- load

interface LoadResult {
  set: string;
  urls: number;
  seconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  non2xx: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  met: boolean;
}

async function load(base: string, cookie: string, set: string, urls: string[]): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
    headers: { cookie },
    // One request definition whose path rotates over every connection: consecutive requests go to different URLs.
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: urls[next++ % urls.length] }) }],
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const stopOnSignal = () => instance.stop();
  process.once("SIGINT", stopOnSignal);
  const result = await instance;
  process.off("SIGINT", stopOnSignal);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const p95 = round(percentile(latencies, 95));
  return {
    set,
    urls: urls.length,
    seconds: SECONDS,
    connections: CONNECTIONS,
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / result.duration),
    latencyMs: { p50: round(percentile(latencies, 50)), p95, p99: round(percentile(latencies, 99)), max: round(Math.max(...latencies)), mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length) },
    non2xx: result.non2xx,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    met: p95 < TARGET_P95_MS && result.non2xx === 0 && result.errors === 0,
  };
}

// ---------------------------------------------------------------- profile

/** The CPU profile's self time by function and by part of the stack (PGlite, React, Next, Prisma...). */
function summariseProfile(file: string, top = 25): string {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    hitCount?: number;
  }
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; startTime: number; endTime: number; samples: number[] };
  const total = profile.samples.length;
  const perSample = (profile.endTime - profile.startTime) / 1000 / total;
  const part = (url: string, name: string) => {
    if (name === "(idle)") return "idle";
    if (name === "(garbage collector)") return "garbage collector";
    if (name === "(program)") return "(program: native, outside JS)";
    // WebAssembly: PGlite's PostgreSQL and Prisma's query compiler (the only WASM of a PostgreSQL run).
    if (url.startsWith("wasm://")) return `WebAssembly ${url.slice("wasm://wasm/".length)} (PGlite's PostgreSQL or Prisma's query compiler)`;
    if (/pglite\/dist/.test(url)) return "PGlite (JS side: protocol, results)";
    if (/@prisma|\.prisma|query_compiler|pglite-prisma-adapter|adapter-pg/.test(url)) return "Prisma";
    if (/node_modules\/pg(-|\/)/.test(url)) return "pg driver";
    if (/react-dom|react-server-dom|react\.production|compiled\/react/.test(url)) return "React (render, flight)";
    if (/node_modules\/next\//.test(url)) return "Next.js";
    if (/\.next\/server/.test(url)) return "the app (.next/server bundles)";
    if (url.startsWith("node:") || url === "") return "Node.js internals";
    return "other";
  };
  const byPart = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const p = part(url, functionName);
    byPart.set(p, (byPart.get(p) ?? 0) + hits);
    const key = `${functionName || "(anonymous)"}  ${url.replace(/^.*node_modules\//, "").replace(root, ".")}:${lineNumber + 1}:${columnNumber + 1}  [${p.replace(/ \(.*$/, "")}]`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  const busy = total - (byPart.get("idle") ?? 0);
  const line = (name: string, hits: number) => `${((hits / total) * 100).toFixed(1).padStart(5)}% ${String(Math.round(hits * perSample)).padStart(7)} ms  ${name}`;
  return [
    `${path.basename(file)}: ${total} samples over ${Math.round((profile.endTime - profile.startTime) / 1e6)} s; busy ${((busy / total) * 100).toFixed(1)}%`,
    "By part (self time):",
    ...[...byPart.entries()].sort((a, b) => b[1] - a[1]).map(([name, hits]) => line(name, hits)),
    `Top ${top} functions (self time):`,
    ...[...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, hits]) => line(name, hits)),
  ].join("\n");
}

// ---------------------------------------------------------------- main

interface DatabaseResult {
  database: string;
  kind: "pglite" | "postgres";
  seedSeconds: number;
  startSeconds: number;
  sets: LoadResult[];
}

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const combos = deviceListCombos(DEVICES);
const listUrls = combos.map((c) => `/devices${Object.keys(c.search).length ? `?${new URLSearchParams(c.search)}` : ""}`);
const deviceUrls = Array.from({ length: Math.min(200, DEVICES) }, (_, i) => `/devices/${deviceIdOf(1 + Math.floor((i * DEVICES) / Math.min(200, DEVICES)))}`);
const results: DatabaseResult[] = [];
const profiles: string[] = [];
let exitCode = 0;

for (const kind of kinds) {
  const bench = await freshBenchDatabase(kind, postgresUrl, "bench-pages");
  // DATA_DIR of the server: the PGlite directory's parent, or a directory of its own (auth secret, emulator CA).
  const dataRoot = bench.dataRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-pages-"));
  const profileDir = args.profile ? path.join(dataRoot, "profile") : null;
  let server: Server | null = null;
  const cleanup = async () => {
    await server?.stop();
    await bench.remove();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  };
  const release = onSignalCleanup(cleanup);
  try {
    const label = kind === "pglite" ? "PGlite (on disk)" : `PostgreSQL (${new URL(bench.databaseUrl!).host})`;
    process.stderr.write(`${label}: seeding ${DEVICES} devices… `);
    const email = "bench-admin@contoso.example";
    const password = randomBytes(18).toString("base64url");
    const t0 = performance.now();
    const database = await bench.open();
    try {
      await seedFleet(database, DEVICES, { azure: true, now: new Date() });
      await seedDemoPolicies(database.prisma);
      await database.prisma.user.create({ data: { email, name: "Bench admin", role: "ADMIN", passwordHash: await hashPassword(password) } });
      // Integration off: the in-process reporting engine sends nothing while pages are measured.
      await database.prisma.azureSettings.update({ where: { id: 1 }, data: { enabled: false, updatedBy: "bench" } });
      await vacuumAnalyze(database);
    } finally {
      await database.close();
    }
    const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
    process.stderr.write(`${seedSeconds} s; next start… `);
    const t1 = performance.now();
    server = await startServer(bench, dataRoot, profileDir);
    const startSeconds = Math.round((performance.now() - t1) / 100) / 10;
    const cookie = await signIn(server.base, email, password);
    console.error(`${startSeconds} s; signed in`);
    await check(server.base, cookie, listUrls, 'data-testid="device-count"');
    await check(server.base, cookie, deviceUrls.slice(0, 5), 'data-testid="lifecycle"');
    // Warm-up: each list URL and 20 device pages once more (the server's first renders, the database's caches).
    for (const url of [...listUrls, ...deviceUrls.slice(0, 20)]) await (await fetch(`${server.base}${url}`, { headers: { cookie } })).arrayBuffer();

    const sets: LoadResult[] = [];
    for (const [key, set, urls] of [
      ["list", "/devices with filters", listUrls],
      ["device", "/devices/<id>", deviceUrls],
    ] as const) {
      if (!SETS.has(key)) continue;
      process.stderr.write(`  ${set}: ${SECONDS} s at ${CONNECTIONS} connections… `);
      const r = await load(server.base, cookie, set, urls);
      sets.push(r);
      console.error(`${r.requests} requests, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, non-2xx ${r.non2xx}`);
      if (r.non2xx || r.errors) {
        exitCode = 1;
        console.error(`  ${set}: ${r.non2xx} non-2xx answers (${JSON.stringify(r.statuses)}), ${r.errors} errors: a 3xx means the session was refused. Server log:\n${tail(server.log)}`);
      }
    }
    results.push({ database: label, kind, seedSeconds, startSeconds, sets });
    await server.stop();
    if (profileDir) {
      const files = fs.existsSync(profileDir) ? fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile")) : [];
      if (files.length === 0) console.error("  (the server wrote no CPU profile)");
      for (const f of files) profiles.push(`==== ${label}: the server process during the whole run (start, sign-in, warm-up, then ${[...SETS].join(" and ")} at ${CONNECTIONS} connections for ${SECONDS} s each)\n${summariseProfile(path.join(profileDir, f))}\n`);
    }
  } catch (error) {
    console.error(`\n${(error as Error).stack ?? error}`);
    if (server) console.error(`Server log:\n${tail(server.log)}`);
    exitCode = 1;
  } finally {
    await cleanup();
    release();
  }
  if (exitCode) break;
}

for (const r of results) {
  console.log(`\nPages over HTTP at ${DEVICES} devices, ${r.database}: ${CONNECTIONS} connections, ${SECONDS} s per set (target: p95 < ${TARGET_P95_MS} ms, no non-2xx)`);
  console.log(["URL set".padEnd(24), "URLs".padStart(5), "requests".padStart(9), "req/s".padStart(7), "p50 ms".padStart(8), "p95 ms".padStart(8), "p99 ms".padStart(8), "max ms".padStart(8), "non-2xx".padStart(8), "  met"].join(" "));
  for (const s of r.sets) {
    console.log([s.set.padEnd(24), String(s.urls).padStart(5), String(s.requests).padStart(9), String(s.requestsPerSecond).padStart(7), String(s.latencyMs.p50).padStart(8), String(s.latencyMs.p95).padStart(8), String(s.latencyMs.p99).padStart(8), String(s.latencyMs.max).padStart(8), String(s.non2xx).padStart(8), `  ${s.met ? "yes" : "NO"}`].join(" "));
  }
}
const dir = path.join(root, "bench", "results");
fs.mkdirSync(dir, { recursive: true });
if (results.length) {
  const cpus = os.cpus();
  const machine = { cpus: cpus.length, cpu: cpus[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) };
  const out = path.join(dir, `pages-${stamp}.json`);
  fs.writeFileSync(out, `${JSON.stringify({ benchmark: "pages", at: new Date().toISOString(), devices: DEVICES, seconds: SECONDS, connections: CONNECTIONS, machine, targets: { p95Ms: TARGET_P95_MS }, urls: { list: listUrls, devices: deviceUrls.length }, results }, null, 2)}\n`);
  console.log(`Wrote ${path.relative(root, out)}`);
}
if (profiles.length) {
  const out = path.join(dir, `pages-profile-${stamp}.txt`);
  fs.writeFileSync(out, profiles.join("\n"));
  console.log(`Wrote ${path.relative(root, out)}`);
}
process.exit(exitCode);
