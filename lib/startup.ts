import { db } from "./db";
import { env } from "./env";
import { log } from "./log";

/**
 * What the server does once when it starts, before it serves a request: validate the
 * environment, open the database (applying migrations; the embedded one also gets its periodic
 * vacuum), load the demo fleet into an empty database, and connect to Microsoft (or start the
 * built-in emulator).
 */
export async function startup(): Promise<void> {
  const e = env();
  const database = await db();
  if (database.kind === "pglite") {
    const { startMaintenance } = await import("./db/maintenance");
    startMaintenance(database, {
      everyMs: e.PGLITE_VACUUM_INTERVAL_MS,
      log: (ms) => log.info({ component: "db", ms }, "embedded database vacuumed and analysed (64 MiB of changes since the last pass)"),
      onError: (error) => log.warn({ err: error, component: "db" }, "vacuuming the embedded database failed; trying again at the next interval"),
    });
  }
  if (e.DEMO_DEVICES > 0) {
    const { seedDemoData } = await import("./demo/seed");
    const started = Date.now();
    const result = await seedDemoData(database.prisma, { devices: e.DEMO_DEVICES, seed: e.DEMO_SEED });
    if (result.seeded) log.info({ component: "demo", devices: result.devices, ms: Date.now() - started }, "demo data loaded");
  }
  const { isProductionDatabase, usersWithDemoPasswords } = await import("./auth/demo-passwords");
  if (isProductionDatabase(e)) {
    const demo = await usersWithDemoPasswords(database.prisma);
    if (demo.length > 0) {
      throw new Error(
        `refusing a production start: ${demo.join(", ")} still ha${demo.length === 1 ? "s" : "ve"} a demo password (README.md, "Demo users"). Change or clear the password (User.passwordHash) first.`,
      );
    }
  } else if (e.DEMO_DEVICES > 0) {
    const { ensureDemoPasswords } = await import("./demo/seed");
    await ensureDemoPasswords(database.prisma);
  }
  const { intune } = await import("./intune");
  const runtime = await intune();
  // The reporting engine runs here unless worker processes do it (PostgreSQL, REPORTING_ENGINE=off).
  if (e.REPORTING_ENGINE === "inprocess") {
    const { reportingOptionsFromEnv, startInProcessReporting } = await import("./reporting/worker");
    startInProcessReporting(database.prisma, runtime.client, reportingOptionsFromEnv(e));
  }
}

/** For the server's instrumentation hook: start, or say why not and stop the process. */
export async function startupOrExit(): Promise<void> {
  try {
    await startup();
  } catch (error) {
    // A wrong environment or a database in use by another process: say why and stop,
    // rather than serve pages that would all fail.
    console.error(`\nCannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
