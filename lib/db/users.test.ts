import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./client";
import { listAuditEvents } from "./audit";
import { testDatabases } from "./test-databases";
import { findActiveUserByEmail, upsertEntraUser } from "./users";

/** E-mail addresses are compared whole and case-insensitively: LIKE's wildcards in them match only themselves. */
describe.each(testDatabases())("users by e-mail on $name", (factory) => {
  let database: Database;
  beforeAll(async () => {
    database = await factory.open();
    await database.prisma.user.createMany({
      data: [
        { email: "admin@contoso.example", name: "Admin", role: "ADMIN" },
        { email: "first_last@contoso.example", name: "First Last", role: "HELPDESK" },
        { email: "100%sure@contoso.example", name: "Sure", role: "VIEWER" },
      ],
    });
  });
  afterAll(async () => database?.close());

  it("finds a user by the address as typed, in any case, and never by a pattern", async () => {
    const find = async (email: string) => (await findActiveUserByEmail(database.prisma, email))?.email ?? null;
    expect(await find("  ADMIN@contoso.example ")).toBe("admin@contoso.example");
    expect(await find("First_Last@CONTOSO.example")).toBe("first_last@contoso.example");
    expect(await find("100%sure@contoso.example")).toBe("100%sure@contoso.example");
    expect(await find("%")).toBeNull();
    expect(await find("adm_n@contoso.example")).toBeNull();
    expect(await find("%@contoso.example")).toBeNull();
    expect(await find("firstXlast@contoso.example")).toBeNull();
  });

  it("an Entra sign-in whose address only looks like another's as a pattern gets an account of its own", async () => {
    const admin = await database.prisma.user.findUniqueOrThrow({ where: { email: "admin@contoso.example" } });
    const user = await upsertEntraUser(database.prisma, { objectId: "5b0c5e63-2d9e-4a38-9c1f-0c1b6f8e2a11", email: "adm_n@contoso.example", name: "Someone else", role: "VIEWER" });
    expect(user?.id).not.toBe(admin.id);
    expect(await database.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ entraObjectId: null, role: "ADMIN", name: "Admin" });
    const same = await upsertEntraUser(database.prisma, { objectId: "9d2f4c1a-7e3b-4f5a-8c6d-1e2f3a4b5c6d", email: "Admin@Contoso.example", name: "Admin", role: "ADMIN" });
    expect(same?.id).toBe(admin.id);
  });

  it("filters the audit trail by the text typed, wildcards included", async () => {
    await database.prisma.auditEvent.createMany({
      data: [
        { actorEmail: "first_last@contoso.example", action: "device.resync", targetType: "device", targetId: "a" },
        { actorEmail: "firstXlast@contoso.example", action: "device_resync", targetType: "device", targetId: "b" },
      ],
    });
    const actors = async (filter: Parameters<typeof listAuditEvents>[1]) => (await listAuditEvents(database.prisma, filter)).events.map((e) => e.actorEmail);
    expect(await actors({ actor: "t_l" })).toEqual(["first_last@contoso.example"]);
    expect(await actors({ actor: "%" })).toEqual([]);
    expect(await actors({ action: "device_" })).toEqual(["firstXlast@contoso.example"]);
  });
});
