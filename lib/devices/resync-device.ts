import type { PrismaClient } from "@prisma/client";
import { getDevice, inFlightReport } from "../db/device-detail";
import { requestResync } from "../reporting/triggers";

/**
 * A person's Resync of one device (the device page's button). Called by the device page's
 * action after its permission check (device.resync). A device with a report already queued,
 * being sent or awaiting Microsoft is not queued again: that report already carries the
 * device's current state (any change since queued its own report), so the answer says so.
 */
export type ResyncOutcome =
  | { kind: "queued" }
  /** Not sent: the device has no Azure device ID; its report is kept as Skipped with the reason. */
  | { kind: "skipped" }
  | { kind: "in-flight"; state: string; since: Date }
  | { kind: "retired" }
  | { kind: "not-found" };

export async function resyncDevice(prisma: PrismaClient, deviceId: string, options: { requestedBy: string; traceId: string }): Promise<ResyncOutcome> {
  const device = await getDevice(prisma, deviceId);
  if (!device) return { kind: "not-found" };
  if (device.lifecycle === "RETIRED") return { kind: "retired" };
  const flying = await inFlightReport(prisma, deviceId);
  if (flying) return { kind: "in-flight", state: flying.state, since: flying.queuedAt };
  const result = await requestResync(prisma, { deviceIds: [deviceId] }, options);
  if (result.queued > 0) return { kind: "queued" };
  if (result.alreadyInFlight > 0) {
    // Another press got there between our look and our queueing.
    const now = await inFlightReport(prisma, deviceId);
    return { kind: "in-flight", state: now?.state ?? "QUEUED", since: now?.queuedAt ?? new Date() };
  }
  if (result.skipped > 0) return device.azureDeviceId === null ? { kind: "skipped" } : { kind: "retired" };
  return { kind: "not-found" };
}
