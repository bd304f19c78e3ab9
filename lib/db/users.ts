import type { PrismaClient, Role } from "@prisma/client";
import { escapeLike } from "./sql";

/** An e-mail address, whatever its case (Prisma's insensitive equals is ILIKE: its wildcards are escaped). */
const sameEmail = (email: string) => ({ equals: escapeLike(email), mode: "insensitive" as const });

/** Dashboard users (local passwords or Entra ID). */
export async function findActiveUserByEmail(prisma: PrismaClient, email: string) {
  const user = await prisma.user.findFirst({ where: { email: sameEmail(email.trim()) } });
  return user && !user.disabledAt ? user : null;
}

export async function usersWithPasswords(prisma: PrismaClient) {
  return prisma.user.findMany({ where: { passwordHash: { not: null } }, select: { email: true, passwordHash: true } });
}

export async function setPasswordHash(prisma: PrismaClient, email: string, passwordHash: string) {
  return prisma.user.update({ where: { email }, data: { passwordHash } });
}

/** An Entra ID user signing in: created on first sign-in, role refreshed from the token's claims each time. */
export async function upsertEntraUser(prisma: PrismaClient, input: { objectId: string; email: string; name: string; role: Role }) {
  const existing = await prisma.user.findFirst({ where: { OR: [{ entraObjectId: input.objectId }, { email: sameEmail(input.email) }] } });
  if (existing) {
    if (existing.disabledAt) return null;
    return prisma.user.update({ where: { id: existing.id }, data: { entraObjectId: input.objectId, name: input.name, role: input.role } });
  }
  return prisma.user.create({ data: { email: input.email, name: input.name, role: input.role, entraObjectId: input.objectId } });
}
