// `npm run worker`: a reporting worker process (engine + weekly-run scheduler) for PostgreSQL
// deployments, where any number of them share the database (set REPORTING_ENGINE=off on the web
// servers). Settings from the environment (lib/env.ts, REPORTING_*). Stops cleanly on SIGINT/SIGTERM.
// --exit-when-idle: exit once no report is outstanding and no weekly run is running (tests, batch use).
import { parseArgs } from "node:util";
import { db } from "../lib/db";
import { hasOutstandingWork } from "../lib/db/weekly-runs";
import { env } from "../lib/env";
import { intune } from "../lib/intune";
import { log } from "../lib/log";
import { reportingOptionsFromEnv, startReporting } from "../lib/reporting/worker";

const { values: args } = parseArgs({ options: { "exit-when-idle": { type: "boolean", default: false } } });
const e = env();
const database = await db();
const runtime = await intune();
const reporting = startReporting(database.prisma, runtime.client, reportingOptionsFromEnv(e));
log.info({ component: "worker", pid: process.pid, database: database.kind, owner: reporting.engine.owner }, "reporting worker started");

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await reporting.stop();
  await runtime.close();
  await database.close();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));

if (args["exit-when-idle"]) {
  const check = async () => {
    if (stopping) return;
    if (!(await hasOutstandingWork(database.prisma))) return void shutdown(0);
    setTimeout(() => void check(), 500);
  };
  setTimeout(() => void check(), 1000);
}
