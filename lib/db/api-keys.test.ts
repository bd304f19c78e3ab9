import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashCredential } from "../auth/api-credentials";
import { createApiKey } from "../auth/api-keys";
import { findApiKeyByHash, listApiKeys, revokeApiKey, touchApiKey } from "./api-keys";
import type { Database } from "./client";
import { testDatabases } from "./test-databases";

describe.each(testDatabases())("API keys on $name", (factory) => {
  let database: Database;
  beforeAll(async () => {
    database = await factory.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it("stores a key's hash and prefix only, lists, touches at most once a minute, revokes once", async () => {
    const { key, row } = await createApiKey(database.prisma, { name: "MDM server", createdBy: "admin@contoso.example" });
    expect(key).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);
    expect(row.prefix).toBe(key.slice(0, 12));
    const stored = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.hash).toBe(hashCredential(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect((await findApiKeyByHash(database.prisma, hashCredential(key)))?.id).toBe(row.id);

    const t0 = new Date("2026-02-11T10:00:00Z");
    await touchApiKey(database.prisma, row.id, t0);
    await touchApiKey(database.prisma, row.id, new Date(t0.getTime() + 30_000));
    expect((await database.prisma.apiKey.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).toEqual(t0);

    const second = await createApiKey(database.prisma, { name: "Spare", createdBy: "admin@contoso.example" });
    const revoked = await revokeApiKey(database.prisma, row.id, new Date("2026-02-12T00:00:00Z"));
    expect(revoked?.before.revokedAt).toBeNull();
    expect(revoked?.after.revokedAt).toEqual(new Date("2026-02-12T00:00:00Z"));
    const again = await revokeApiKey(database.prisma, row.id, new Date("2026-03-01T00:00:00Z"));
    expect(again?.after.revokedAt).toEqual(new Date("2026-02-12T00:00:00Z"));
    expect(await revokeApiKey(database.prisma, "00000000-0000-4000-8000-000000000000", new Date())).toBeNull();
    // Active keys first.
    expect((await listApiKeys(database.prisma)).map((k) => k.id)).toEqual([second.row.id, row.id]);
  });
});
