import type { Lifecycle, PrismaClient } from "@prisma/client";
import { retireDevice as queueRetire } from "../reporting/triggers";

/**
 * An administrator's Retire of one device. Called by the device page's action after its
 * permission check (device.retire). One transaction: the device becomes Retire pending with a
 * RETIRE report (notManaged, notCompliant) that removes its data from Azure; it becomes Retired
 * when Microsoft confirms. A device with no Azure device ID has nothing in Azure: retired at once.
 * Retiring a device whose retire is pending sends the removal again (a retry).
 */
export type RetireOutcome =
  | { kind: "queued"; before: Lifecycle; after: Lifecycle; reportId: string | null }
  | { kind: "retired-now"; before: Lifecycle; after: Lifecycle; reportId: string | null }
  | { kind: "already-retired" }
  | { kind: "not-found" };

export async function retireOneDevice(prisma: PrismaClient, deviceId: string, options: { requestedBy: string; traceId: string }): Promise<RetireOutcome> {
  return prisma.$transaction(async (tx) => {
    const device = await tx.device.findUnique({ where: { id: deviceId }, select: { lifecycle: true } });
    if (!device) return { kind: "not-found" } as const;
    if (device.lifecycle === "RETIRED") return { kind: "already-retired" } as const;
    const result = await queueRetire(tx, deviceId, options);
    const after = await tx.device.findUniqueOrThrow({ where: { id: deviceId }, select: { lifecycle: true } });
    const reportId = result.reportIds.get(deviceId) ?? null;
    if (result.queued.length > 0) return { kind: "queued", before: device.lifecycle, after: after.lifecycle, reportId } as const;
    if (result.skipped.length > 0) return { kind: "retired-now", before: device.lifecycle, after: after.lifecycle, reportId } as const;
    return { kind: "already-retired" } as const;
  });
}
