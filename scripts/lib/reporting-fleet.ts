// The reporting benchmarks' fleet (bench:reporting, bench:scaleout): N active devices generated
// in one INSERT ... SELECT over generate_series, so 100,000 take seconds and the process that
// later runs the engine holds nothing of them. Deterministic: the same N gives the same devices
// (ids, Azure device IDs, owners). Like lib/reporting/testing.ts seedDevices: iPhones owned by
// 40 users of the emulator's directory; 1% (every hundredth) without an Azure device ID (their
// client status User_Canceled), whose weekly reports are skipped rather than sent.
import type { PrismaClient } from "@prisma/client";
import { EMULATOR_USER_DOMAIN } from "../../lib/intune/emulator/layout";

export interface ReportingFleet {
  devices: number;
  /** Devices a weekly run sends (the others have no Azure device ID). */
  withAzureId: number;
  withoutAzureId: number;
}

export const withoutAzureIdCount = (count: number) => Math.floor(count / 100);

export async function seedReportingFleet(prisma: PrismaClient, count: number): Promise<ReportingFleet> {
  if (!/^[a-z0-9.-]+$/i.test(EMULATOR_USER_DOMAIN)) throw new Error(`unexpected user domain ${EMULATOR_USER_DOMAIN}`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Device" ("id", "name", "platform", "manufacturer", "model", "osVersion", "serialNumber", "ownerUpn", "enrolledAt", "lastCheckInAt",
                          "passcodeSet", "encrypted", "jailbroken", "installedApps", "azureDeviceId", "clientStatusCode", "inventoryFingerprint", "updatedAt")
    SELECT md5('reporting-device-' || g)::uuid, 'bench ' || g, 'IOS'::"Platform", 'Apple', 'iPhone 15', '17.0', 'SER-bench-' || g,
           'user' || (g % 40) || '@${EMULATOR_USER_DOMAIN}', '2026-01-01T00:00:00Z'::timestamptz, now() - interval '1 minute',
           true, true, false, ARRAY[]::text[],
           CASE WHEN g % 100 = 0 THEN NULL ELSE md5('reporting-azure-' || g)::uuid END,
           (CASE WHEN g % 100 = 0 THEN 'User_Canceled' ELSE 'Success' END)::"ClientStatusCode",
           'bench', now()
    FROM generate_series(1, ${Math.floor(count)}) AS g`);
  await prisma.azureSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  const withoutAzureId = withoutAzureIdCount(count);
  return { devices: count, withAzureId: count - withoutAzureId, withoutAzureId };
}
