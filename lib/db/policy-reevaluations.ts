import { Prisma, type Platform, type PolicyReevaluation, type PrismaClient } from "@prisma/client";
import type { ImpactDevice } from "../domain/policy-impact";
import { countOutstanding } from "./reports";

/**
 * Re-evaluations after a policy change (PolicyReevaluation rows) and the device pages they
 * and the impact preview read. A re-evaluation walks the devices of its platforms in id
 * order; its cursor (the last device evaluated) moves in the same transaction as the
 * evaluations it saved, so a restart continues after it and evaluates no device twice.
 */

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

/** One process re-evaluates at a time (transaction-scoped, released on commit or crash). */
const REEVALUATION_LOCK_KEY = 7_274_100_234; // migrate ...231, demo seed ...232, weekly scheduler ...233

export async function tryLockReevaluator(tx: Tx): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${REEVALUATION_LOCK_KEY}) AS locked`);
  return rows[0]?.locked === true;
}

export interface NewReevaluation {
  policyId: string;
  policyName: string;
  change: "create" | "update" | "delete";
  platforms: Platform[];
  requestedBy: string | null;
  traceId: string | null;
}

/** Devices a re-evaluation covers: those of its platforms that are not retired. */
function coveredWhere(platforms: Platform[]): Prisma.DeviceWhereInput {
  return { platform: { in: platforms }, lifecycle: { not: "RETIRED" } };
}

export async function createReevaluation(tx: Tx, job: NewReevaluation, now: Date) {
  const total = await tx.device.count({ where: coveredWhere(job.platforms) });
  return tx.policyReevaluation.create({ data: { ...job, total, createdAt: now } });
}

export async function nextRunningReevaluation(tx: Tx) {
  return tx.policyReevaluation.findFirst({ where: { state: "RUNNING" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

interface DeviceRow {
  id: string;
  name: string;
  ownerUpn: string;
  platform: Platform;
  osVersion: string;
  passcodeSet: boolean;
  encrypted: boolean;
  jailbroken: boolean;
  installedApps: string[];
  lastCheckInAt: Date;
  verdict: ImpactDevice["verdict"];
  lifecycle: ImpactDevice["lifecycle"];
  azureDeviceId: string | null;
}

/**
 * The next `take` covered devices after `cursor` (id order) with what evaluation needs.
 * `lock`: their rows are locked for the rest of the transaction, in id order (as the triggers
 * lock them), so a check-in arriving meanwhile waits and is evaluated after, not overwritten.
 */
export async function evaluationPage(db: Db, platforms: Platform[], cursor: string | null, take: number, options: { lock: boolean }): Promise<ImpactDevice[]> {
  if (platforms.length === 0) return [];
  const platformList = Prisma.join(platforms.map((p) => Prisma.sql`${p}::"Platform"`));
  const after = cursor ? Prisma.sql`AND id > ${cursor}::uuid` : Prisma.empty;
  const lock = options.lock ? Prisma.sql`FOR UPDATE` : Prisma.empty;
  const rows = await db.$queryRaw<DeviceRow[]>`
    SELECT id::text AS id, name, "ownerUpn", platform::text AS platform, "osVersion", "passcodeSet", encrypted, jailbroken,
           "installedApps", "lastCheckInAt", verdict::text AS verdict, lifecycle::text AS lifecycle, "azureDeviceId"::text AS "azureDeviceId"
    FROM "Device"
    WHERE platform IN (${platformList}) AND lifecycle <> 'RETIRED' ${after}
    ORDER BY id
    LIMIT ${take}
    ${lock}`;
  return rows.map((r) => ({ ...r, lastCheckInAt: new Date(r.lastCheckInAt), installedApps: r.installedApps ?? [] }));
}

export async function advanceReevaluation(
  tx: Tx,
  id: string,
  step: { cursor: string | null; evaluated: number; changed: number; retired: number; done: boolean },
  now: Date,
) {
  await tx.policyReevaluation.update({
    where: { id },
    data: {
      ...(step.cursor ? { cursor: step.cursor } : {}),
      evaluated: { increment: step.evaluated },
      changed: { increment: step.changed },
      retired: { increment: step.retired },
      ...(step.done ? { state: "COMPLETED", finishedAt: now } : {}),
    },
  });
}

/** Reports of a re-evaluation still to be sent or confirmed (its pacing window). */
export async function outstandingOfReevaluation(db: Db, traceId: string | null): Promise<number> {
  if (!traceId) return 0;
  return countOutstanding(db, { traceId });
}

/** The newest re-evaluation of each policy id given (for the policy list). */
export async function latestReevaluations(db: Db, policyIds: string[]): Promise<Map<string, PolicyReevaluation>> {
  if (policyIds.length === 0) return new Map();
  const rows = await db.policyReevaluation.findMany({
    where: { policyId: { in: policyIds } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    distinct: ["policyId"],
  });
  return new Map(rows.map((r) => [r.policyId, r]));
}

export async function findReevaluation(db: Db, id: string) {
  return db.policyReevaluation.findUnique({ where: { id } });
}
