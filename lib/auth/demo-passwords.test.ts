import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/client";
import { setPasswordHash } from "../db/users";
import { DEMO_PASSWORDS, DEMO_USERS } from "../demo/fixtures";
import { ensureDemoPasswords } from "../demo/seed";
import { usersWithDemoPasswords } from "./demo-passwords";
import { hashPassword, verifyPassword } from "./password";

describe("demo passwords in the database", () => {
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: null });
    await database.prisma.user.createMany({ data: DEMO_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role })) });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  it("gives each demo user its demo password once, and finds them all", async () => {
    expect(await ensureDemoPasswords(database.prisma)).toBe(3);
    expect(await ensureDemoPasswords(database.prisma)).toBe(0);
    const admin = await database.prisma.user.findUniqueOrThrow({ where: { email: DEMO_USERS[0].email } });
    expect(await verifyPassword(DEMO_PASSWORDS.ADMIN, admin.passwordHash)).toBe(true);
    expect((await usersWithDemoPasswords(database.prisma)).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
  }, 60_000);

  it("no longer reports a user whose password was changed", async () => {
    await setPasswordHash(database.prisma, DEMO_USERS[0].email, await hashPassword("a real and long passphrase"));
    expect(await usersWithDemoPasswords(database.prisma)).not.toContain(DEMO_USERS[0].email);
  }, 60_000);
});
