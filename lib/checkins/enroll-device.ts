import type { PrismaClient, ReportTrigger } from "@prisma/client";
import { touchApiKey } from "../db/api-keys";
import { createEnrolledDevice } from "../db/check-ins";
import type { EnrollmentBody } from "../domain/check-in";
import { newDeviceToken } from "../auth/api-credentials";
import { CHECK_IN_TRANSACTION, checkInFacts, checkInInventory, loadPolicies, runTriggers } from "./apply-check-in";

/**
 * Enrols a device (POST /api/v1/enrollments): creates it with a new device token (only the
 * hash is kept; the token is returned once), then runs the same triggers as a check-in, so a
 * new device is reported to Microsoft (its inventory "changed" from nothing) with its verdict.
 * One transaction: a failed enrolment leaves nothing behind.
 */
export async function enrollDevice(
  prisma: PrismaClient,
  body: EnrollmentBody,
  options: { apiKeyId: string; now: Date },
): Promise<{ deviceId: string; deviceToken: string; triggers: ReportTrigger[] }> {
  const { now } = options;
  const policies = await loadPolicies(prisma);
  const { token, hash } = newDeviceToken();
  return prisma.$transaction(async (tx) => {
    const facts = checkInFacts(body, now);
    const inventory = checkInInventory(body, body.platform);
    const deviceId = await createEnrolledDevice(tx, {
      ...inventory,
      tokenHash: hash,
      enrolledByKeyId: options.apiKeyId,
      enrolledAt: now,
      facts,
    });
    const fired = await runTriggers(tx, [{ device: { id: deviceId, inventoryFingerprint: "" }, inventory, facts, now }], policies);
    const { triggers } = fired.get(deviceId)!;
    await touchApiKey(tx, options.apiKeyId, now);
    return { deviceId, deviceToken: token, triggers };
  }, CHECK_IN_TRANSACTION);
}
