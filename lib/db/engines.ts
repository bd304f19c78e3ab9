import type { PrismaClient } from "@prisma/client";

/**
 * Reporting engines seen recently (table ReportingEngine), so engines in several processes can
 * split Microsoft's budget between them. Times are the database's, which every engine shares.
 */

/**
 * Records that `owner` is running now and answers how many engines ran within `withinMs`
 * (itself included). Rows of engines gone for over an hour are removed on the way.
 */
export async function engineHeartbeat(prisma: PrismaClient, owner: string, withinMs: number): Promise<number> {
  const [row] = await prisma.$queryRaw<{ others: number }[]>`
    WITH beat AS (
      INSERT INTO "ReportingEngine" (owner, "seenAt") VALUES (${owner}, now())
      ON CONFLICT (owner) DO UPDATE SET "seenAt" = now()
    ), gone AS (
      DELETE FROM "ReportingEngine" WHERE "seenAt" < now() - interval '1 hour'
    )
    SELECT count(*)::int AS others FROM "ReportingEngine"
    WHERE owner <> ${owner} AND "seenAt" > now() - make_interval(secs => ${withinMs / 1000})`;
  return 1 + (row?.others ?? 0);
}

/** A stopping engine leaves at once (the others take its share at their next heartbeat). */
export async function engineGone(prisma: PrismaClient, owner: string): Promise<void> {
  await prisma.reportingEngine.deleteMany({ where: { owner } });
}
