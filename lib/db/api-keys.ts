import type { Prisma, PrismaClient } from "@prisma/client";

/** API keys (the device API's admin credential). Only the hash and a short prefix are stored. */
type Db = PrismaClient | Prisma.TransactionClient;

export const apiKeyListSelect = { id: true, name: true, prefix: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true } satisfies Prisma.ApiKeySelect;
export type ApiKeyRow = Prisma.ApiKeyGetPayload<{ select: typeof apiKeyListSelect }>;

export async function insertApiKey(db: Db, data: { name: string; prefix: string; hash: string; createdBy: string }): Promise<ApiKeyRow> {
  return db.apiKey.create({ data, select: apiKeyListSelect });
}

/** Active keys first, then revoked ones; newest first within each. */
export async function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.apiKey.findMany({ select: apiKeyListSelect, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: 500 });
}

/** Revokes a key once; null when it does not exist, the unchanged row when it was already revoked. */
export async function revokeApiKey(db: Db, id: string, at: Date): Promise<{ before: ApiKeyRow; after: ApiKeyRow } | null> {
  const before = await db.apiKey.findUnique({ where: { id }, select: apiKeyListSelect });
  if (!before) return null;
  if (before.revokedAt) return { before, after: before };
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  const after = await db.apiKey.findUniqueOrThrow({ where: { id }, select: apiKeyListSelect });
  return { before, after };
}

export async function findApiKeyByHash(db: Db, hash: string) {
  return db.apiKey.findUnique({ where: { hash }, select: { id: true, prefix: true, name: true, revokedAt: true, lastUsedAt: true } });
}

/** Records a use; at most once a minute per key, so reads do not turn into a write each. */
export async function touchApiKey(db: Db, id: string, at: Date): Promise<void> {
  await db.apiKey.updateMany({
    where: { id, revokedAt: null, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - 60_000) } }] },
    data: { lastUsedAt: at },
  });
}
