import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client";
import { migrationsDir, readMigrations } from "./migrate";
import { testDatabases } from "./test-databases";

describe("migrations", () => {
  it("were made from the current schema (run `npm run db:migration -- <name>` after editing it)", () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const last = migrations.at(-1)!;
    const snapshot = fs.readFileSync(path.join(migrationsDir(), last.name, "schema.prisma"), "utf8");
    expect(snapshot).toBe(fs.readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8"));
  });
});

describe.each(testDatabases())("database on $name", (factory) => {
  let database: Database;
  beforeAll(async () => {
    database = await factory.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("records every migration once and applies nothing on a second run", async () => {
    const rows = await database.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
    const again = await database.migrate();
    expect(again.applied).toEqual([]);
  });

  it("round-trips every column type the model uses", async () => {
    const at = new Date("2026-02-11T15:29:08.123Z");
    const device = await database.prisma.device.create({
      data: {
        name: "Ana's iPhone — ñandú",
        platform: "IOS",
        manufacturer: "Apple",
        model: "iPhone 15 Pro",
        osVersion: "18.1.1",
        serialNumber: "F2LXK0ABCD12",
        ownerUpn: "ana.garcia@contoso.example",
        enrolledAt: at,
        lastCheckInAt: at,
        passcodeSet: true,
        encrypted: false,
        jailbroken: false,
        installedApps: ["com.microsoft.azureauthenticator", "com.example.app"],
        azureDeviceId: "007c8232-9489-4074-9b35-345b16f0a72d",
        clientStatusCode: "Server_Protection_Policies_Required",
        azureState: "IN_PROGRESS",
        inventoryFingerprint: "a".repeat(64),
        verdict: "NOT_COMPLIANT",
        winningAction: "BLOCK_APPCONNECT",
      },
    });
    const policy = await database.prisma.compliancePolicy.create({
      data: { name: "Encryption", platforms: ["IOS", "ANDROID"], rules: { encryptionRequired: true }, actions: ["BLOCK_APPCONNECT", "SEND_ALERT"] },
    });
    await database.prisma.policyEvaluation.create({
      data: { deviceId: device.id, policyId: policy.id, passed: false, failures: [{ rule: "encryptionRequired", expected: "true", actual: "false" }], evaluatedAt: at },
    });
    const report = await database.prisma.report.create({
      data: {
        deviceId: device.id,
        trigger: "COMPLIANCE_CHANGE",
        complianceStatus: "notCompliant",
        managementState: "managed",
        payload: { entities: [{ EntityType: 4, complianceStatus: "notCompliant" }] },
        lastUpdateTime: at,
        attempts: 2,
        httpStatus: 429,
        errorCode: "TooManyRequests",
      },
    });

    const read = await database.prisma.device.findUniqueOrThrow({ where: { id: device.id }, include: { evaluations: true, reports: true } });
    expect(read.name).toBe("Ana's iPhone — ñandú");
    expect(read.installedApps).toEqual(["com.microsoft.azureauthenticator", "com.example.app"]);
    expect(read.enrolledAt.toISOString()).toBe(at.toISOString());
    expect(read.clientStatusCode).toBe("Server_Protection_Policies_Required");
    expect(read.azureDeviceId).toBe("007c8232-9489-4074-9b35-345b16f0a72d");
    expect(read.encrypted).toBe(false);
    expect(read.evaluations[0]?.failures).toEqual([{ rule: "encryptionRequired", expected: "true", actual: "false" }]);
    expect(read.reports[0]).toMatchObject({ id: report.id, attempts: 2, httpStatus: 429, state: "QUEUED", payload: { entities: [{ EntityType: 4, complianceStatus: "notCompliant" }] } });
    const readPolicy = await database.prisma.compliancePolicy.findUniqueOrThrow({ where: { id: policy.id } });
    expect(readPolicy.platforms).toEqual(["IOS", "ANDROID"]);
    expect(readPolicy.actions).toEqual(["BLOCK_APPCONNECT", "SEND_ALERT"]);
    expect(readPolicy.rules).toEqual({ encryptionRequired: true });

    await database.prisma.device.delete({ where: { id: device.id } }); // cascades
    expect(await database.prisma.report.count({ where: { id: report.id } })).toBe(0);
  });

  it("claims due reports with FOR UPDATE SKIP LOCKED", async () => {
    const rows = await database.prisma.$queryRawUnsafe<unknown[]>(
      `SELECT id FROM "Report" WHERE state = 'QUEUED' AND "nextAttemptAt" <= now() ORDER BY "nextAttemptAt" LIMIT 10 FOR UPDATE SKIP LOCKED`,
    );
    expect(Array.isArray(rows)).toBe(true);
  });
});
