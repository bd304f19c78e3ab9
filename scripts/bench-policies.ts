// `npm run bench:policies`: the policy editor at fleet scale, on the embedded database (PGlite,
// on disk as `npm start` uses it) and on PostgreSQL:
//   seed            N devices generated in SQL (generate_series; deterministic: the same N gives
//                   the same fleet), the demo's compliance policies
//   evaluate all    a re-evaluation of every device from scratch (no stored evaluation yet), as
//                   the background re-evaluator runs it (lib/reporting/reevaluator.ts, the
//                   product's chunk size), so stored verdicts are current
//   preview         the impact preview of tightening "Minimum OS version" (iOS 17.0 -> 17.4,
//                   Android 13 -> 14): every device evaluated against the policies as they
//                   would be (lib/policies/impact-preview.ts, what the editor's button runs)
//   save            the policy saved and its re-evaluation created (one transaction)
//   re-evaluate     that re-evaluation run to its end: every device evaluated, evaluations
//                   saved, a COMPLIANCE_CHANGE report queued for each changed verdict
//   policy list     the Policies page's query of failing devices per policy
// The re-evaluation runs with no reporting engine and no pacing window: it measures the
// evaluation work; sending the reports it queues is bench:reporting's subject. The run checks
// that the re-evaluation changed exactly the devices the preview announced.
// Options: --devices N (default 100000), --db pglite|postgres|both (default: both when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server where it may create and
// drop a database, else pglite). Writes bench/results/policies-<time>.json and prints a table.
import "./lib/quiet-logs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedDemoPolicies } from "../lib/api/testing";
import { failingDeviceCounts, findPolicy } from "../lib/db/policies";
import { createReevaluation } from "../lib/db/policy-reevaluations";
import { demoPolicyInputs } from "../lib/demo/fixtures";
import { draftAsPolicyInput, type PolicyDraft } from "../lib/domain/policy-draft";
import { parseEnv } from "../lib/env";
import { previewPolicyChange } from "../lib/policies/impact-preview";
import { storedAsPolicyInput } from "../lib/policies/policy-inputs";
import { policyVersion, savePolicy } from "../lib/policies/save-policy";
import { runReevaluations } from "../lib/reporting/reevaluator";
import { reportingOptionsFromEnv } from "../lib/reporting/worker";
import { FLEET_NOW, seedFleet, openFreshBenchDatabase } from "./lib/fleet";

const { values: args } = parseArgs({ options: { devices: { type: "string", default: "100000" }, db: { type: "string" } } });
const DEVICES = Number(args.devices);
if (!Number.isInteger(DEVICES) || DEVICES < 1) throw new Error("--devices must be a positive integer");
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
const which = args.db ?? (postgresUrl ? "both" : "pglite");
if (!["pglite", "postgres", "both"].includes(which)) throw new Error("--db must be pglite, postgres or both");
if (which !== "pglite" && !postgresUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where it may create and drop a database");
const kinds = which === "both" ? (["pglite", "postgres"] as const) : ([which] as ("pglite" | "postgres")[]);

/** The fleet's clock: check-in ages and the evaluations' "now" are fixed, so runs compare. */
const NOW = FLEET_NOW;
const CHUNK = reportingOptionsFromEnv(parseEnv({})).reevaluator!.chunk;

const openFresh = (kind: "pglite" | "postgres") => openFreshBenchDatabase(kind, postgresUrl, "bench-policies");

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: Math.round((performance.now() - started) / 10) / 100 };
}

interface Result {
  database: string;
  devices: number;
  chunk: number;
  seconds: { seed: number; evaluateAll: number; preview: number; save: number; reevaluate: number; policyList: number };
  devicesPerSecond: { preview: number; reevaluate: number };
  preview: { evaluated: number; toNotCompliant: number; toCompliant: number; retired: number; reports: Record<string, number>; notSent: number };
  reevaluation: { evaluated: number; changed: number; retired: number };
  agrees: boolean;
  peakRssMb: number;
}

const results: Result[] = [];
for (const kind of kinds) {
  const database = await openFresh(kind);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    const prisma = database.prisma;
    const label = kind === "pglite" ? "PGlite (on disk)" : `PostgreSQL (${database.location.split("/")[0]})`;
    process.stderr.write(`${label}: seeding ${DEVICES} devices… `);
    const seed = await timed(async () => {
      await seedFleet(database, DEVICES);
      await seedDemoPolicies(prisma);
    });
    process.stderr.write(`${seed.seconds} s; evaluating all… `);
    const minOs = demoPolicyInputs(1).byKey.minOs;
    const evaluateAll = await timed(async () => {
      await prisma.$transaction((tx) =>
        createReevaluation(tx, { policyId: minOs.id, policyName: minOs.name, change: "update", platforms: ["IOS", "ANDROID"], requestedBy: "bench", traceId: "bench-initial" }, NOW),
      );
      await runReevaluations(prisma, { intervalMs: 10, chunk: CHUNK }, NOW);
    });

    process.stderr.write(`${evaluateAll.seconds} s; preview… `);
    const stored = (await findPolicy(prisma, minOs.id))!;
    const tightened: PolicyDraft = { name: stored.name, description: stored.description, platforms: stored.platforms, enabled: true, rules: { minOsVersion: { IOS: "17.4", ANDROID: "14" } }, actions: stored.actions };
    const preview = await timed(() => previewPolicyChange(prisma, { kind: "save", before: storedAsPolicyInput(stored), after: draftAsPolicyInput(stored.id, tightened) }, NOW));
    process.stderr.write(`${preview.seconds} s; save… `);
    const save = await timed(() => savePolicy(prisma, stored.id, tightened, { expectedVersion: policyVersion(stored), requestedBy: "bench", traceId: "bench-tighten", now: NOW }));
    if (!save.value.ok) throw new Error(`save refused: ${save.value.reason}`);
    process.stderr.write(`${save.seconds} s; re-evaluating… `);
    const reevaluate = await timed(() => runReevaluations(prisma, { intervalMs: 10, chunk: CHUNK }, NOW));
    const job = await prisma.policyReevaluation.findFirstOrThrow({ where: { traceId: "bench-tighten" } });
    const policyList = await timed(() => failingDeviceCounts(prisma));
    console.error(`${reevaluate.seconds} s`);

    const p = preview.value;
    const agrees = job.evaluated === p.evaluated && job.changed === p.toNotCompliant + p.toCompliant && job.retired === p.retired;
    results.push({
      database: label,
      devices: DEVICES,
      chunk: CHUNK,
      seconds: { seed: seed.seconds, evaluateAll: evaluateAll.seconds, preview: preview.seconds, save: save.seconds, reevaluate: reevaluate.seconds, policyList: policyList.seconds },
      devicesPerSecond: { preview: Math.round(p.evaluated / preview.seconds), reevaluate: Math.round(job.evaluated / reevaluate.seconds) },
      preview: { evaluated: p.evaluated, toNotCompliant: p.toNotCompliant, toCompliant: p.toCompliant, retired: p.retired, reports: p.reports, notSent: p.notSent },
      reevaluation: { evaluated: job.evaluated, changed: job.changed, retired: job.retired },
      agrees,
      peakRssMb: Math.round(peakRss / 1e6),
    });
    if (!agrees) console.error(`${label}: the re-evaluation (${JSON.stringify(results.at(-1)!.reevaluation)}) disagrees with the preview`);
  } finally {
    clearInterval(sampler);
    await database.close();
  }
}

console.log(`\nPolicy editor at ${DEVICES} devices: tightening "Minimum OS version" (re-evaluation chunk ${CHUNK}; ${os.cpus().length} CPUs, Node ${process.version})`);
console.log(["database".padEnd(40), "seed s".padStart(7), "eval all s".padStart(11), "preview s".padStart(10), "save s".padStart(7), "re-eval s".padStart(10), "list s".padStart(7), "changed".padStart(8), "agrees".padStart(7), "peak MB".padStart(8)].join(" "));
for (const r of results) {
  const s = r.seconds;
  console.log([r.database.padEnd(40), String(s.seed).padStart(7), String(s.evaluateAll).padStart(11), String(s.preview).padStart(10), String(s.save).padStart(7), String(s.reevaluate).padStart(10), String(s.policyList).padStart(7), String(r.reevaluation.changed).padStart(8), String(r.agrees).padStart(7), String(r.peakRssMb).padStart(8)].join(" "));
}
const out = path.join("bench", "results", `policies-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, node: process.version, results }, null, 2)}\n`);
console.log(`Wrote ${out}`);
if (results.some((r) => !r.agrees)) process.exit(1);
