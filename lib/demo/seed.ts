/**
 * Loads the demo fleet into an empty database, all or nothing: one transaction, rows
 * inserted in chunks with skipDuplicates (ids are deterministic), and a marker audit event
 * ("demo.seed") so a database that was seeded and then emptied of devices is not refilled.
 * Generation streams device chunks, so large fleets are seeded in bounded memory.
 */
import type { Prisma, PrismaClient } from "@prisma/client";
import { streamDemoFleet } from "./generate";
import { uuidFromName } from "./random";
import { asJson, type DemoPolicy, type DemoWeeklyRun } from "./rows";

export const DEMO_SEED_ACTION = "demo.seed";
const SEED_LOCK_KEY = 7_274_100_232; // any constant; lib/db/migrate.ts uses 7_274_100_231

export interface SeedDemoOptions {
  devices: number;
  seed: number;
  /** Anchors every generated date; default: the current time. */
  now?: Date;
  /** Rows per INSERT (default 1,000). */
  chunkSize?: number;
}

type Db = PrismaClient | Prisma.TransactionClient;

async function alreadySeeded(db: Db): Promise<boolean> {
  const [device, marker] = await Promise.all([
    db.device.findFirst({ select: { id: true } }),
    db.auditEvent.findFirst({ where: { action: DEMO_SEED_ACTION }, select: { id: true } }),
  ]);
  return device !== null || marker !== null;
}

/** Policy names are unique: a demo policy whose name is taken gets " (demo)" appended (rows refer to ids). */
async function withFreeNames(tx: Prisma.TransactionClient, policies: DemoPolicy[]): Promise<DemoPolicy[]> {
  const taken = await tx.compliancePolicy.findMany({ where: { name: { in: policies.map((p) => p.name) } }, select: { name: true } });
  const names = new Set(taken.map((p) => p.name));
  return policies.map((p) => (names.has(p.name) ? { ...p, name: `${p.name} (demo)` } : p));
}

/**
 * Weekly runs are unique per scheduled time: when one already exists (the scheduler ran on an
 * empty database), the demo reports are linked to it instead. Returns demo run id -> id to use.
 */
async function reuseExistingRuns(tx: Prisma.TransactionClient, runs: DemoWeeklyRun[]): Promise<Map<string, string>> {
  const existing = await tx.weeklyRun.findMany({ where: { scheduledFor: { in: runs.map((r) => r.scheduledFor) } }, select: { id: true, scheduledFor: true } });
  const byTime = new Map(existing.map((run) => [run.scheduledFor.getTime(), run.id]));
  return new Map(runs.map((run) => [run.id, byTime.get(run.scheduledFor.getTime()) ?? run.id]));
}

function* slices<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * Seeds `options.devices` demo devices unless the database already has a device or was
 * seeded before. Returns seeded false (and devices 0) when it did nothing.
 */
export async function seedDemoData(prisma: PrismaClient, options: SeedDemoOptions): Promise<{ seeded: boolean; devices: number }> {
  const devices = Math.max(0, Math.floor(options.devices));
  if (devices === 0 || (await alreadySeeded(prisma))) return { seeded: false, devices: 0 };

  const now = options.now ?? new Date();
  const size = Math.max(1, options.chunkSize ?? 1000);
  const fleet = streamDemoFleet({ devices, seed: options.seed, now });

  const seeded = await prisma.$transaction(
    async (tx) => {
      // Processes starting together on one PostgreSQL database seed one at a time; the later
      // ones then see the first one's rows (each statement reads the latest committed data).
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      if (await alreadySeeded(tx)) return false;

      const { header } = fleet;
      // Existing settings and users (same email) are kept as they are; nothing refers to their ids.
      await tx.azureSettings.createMany({ data: [header.settings], skipDuplicates: true });
      await tx.user.createMany({ data: header.users, skipDuplicates: true });
      await tx.compliancePolicy.createMany({ data: await withFreeNames(tx, header.policies), skipDuplicates: true });
      const runIds = await reuseExistingRuns(tx, header.weeklyRuns);
      await tx.weeklyRun.createMany({ data: header.weeklyRuns.filter((run) => runIds.get(run.id) === run.id), skipDuplicates: true });

      for (const chunk of fleet.chunks(size)) {
        await tx.device.createMany({ data: chunk.devices, skipDuplicates: true });
        for (const rows of slices(chunk.evaluations, size)) await tx.policyEvaluation.createMany({ data: rows, skipDuplicates: true });
        for (const report of chunk.reports) if (report.weeklyRunId !== null) report.weeklyRunId = runIds.get(report.weeklyRunId)!;
        for (const rows of slices(chunk.reports, size)) await tx.report.createMany({ data: rows, skipDuplicates: true });
        for (const rows of slices(chunk.auditEvents, size)) await tx.auditEvent.createMany({ data: rows, skipDuplicates: true });
      }

      // The runs' counts are known only once every device has been generated.
      for (const run of fleet.weeklyRuns()) {
        const { total, queued, skipped, completed, failed } = run;
        await tx.weeklyRun.update({ where: { id: runIds.get(run.id)! }, data: { total, queued, skipped, completed, failed } });
      }

      await tx.auditEvent.create({
        data: {
          id: uuidFromName(options.seed, DEMO_SEED_ACTION),
          at: now,
          action: DEMO_SEED_ACTION,
          targetType: "demo",
          after: asJson({ devices, seed: options.seed, now: now.toISOString() }),
        },
      });
      return true;
    },
    // Interactive transactions default to a 5 s timeout; a large fleet takes longer.
    { maxWait: 30_000, timeout: Math.max(120_000, devices * 60) },
  );
  return { seeded, devices: seeded ? devices : 0 };
}

/**
 * Gives the demo users (when present and without a password) their demo passwords
 * (fixtures.ts DEMO_PASSWORDS). Not called on a production start with a real database.
 */
export async function ensureDemoPasswords(prisma: PrismaClient): Promise<number> {
  const { DEMO_PASSWORDS, DEMO_USERS } = await import("./fixtures");
  const { hashPassword } = await import("../auth/password");
  const missing = await prisma.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) }, passwordHash: null, entraObjectId: null } });
  for (const user of missing) {
    const demo = DEMO_USERS.find((u) => u.email === user.email);
    if (demo) await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(DEMO_PASSWORDS[demo.role]) } });
  }
  return missing.length;
}
