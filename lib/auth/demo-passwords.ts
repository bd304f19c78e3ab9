import type { PrismaClient } from "@prisma/client";
import { DEMO_PASSWORDS } from "../demo/fixtures";
import { usersWithPasswords } from "../db/users";
import type { Env } from "../env";
import { verifyPassword } from "./password";

/** Production with a real database (PostgreSQL): demo passwords are refused there. */
export function isProductionDatabase(e: Pick<Env, "NODE_ENV" | "DATABASE_URL">): boolean {
  return e.NODE_ENV === "production" && Boolean(e.DATABASE_URL);
}

export function isDemoPassword(password: string): boolean {
  return Object.values(DEMO_PASSWORDS).includes(password);
}

/** Emails of users whose password is one of the demo passwords. */
export async function usersWithDemoPasswords(prisma: PrismaClient): Promise<string[]> {
  const found: string[] = [];
  for (const user of await usersWithPasswords(prisma)) {
    for (const demo of Object.values(DEMO_PASSWORDS)) {
      if (await verifyPassword(demo, user.passwordHash)) {
        found.push(user.email);
        break;
      }
    }
  }
  return found;
}
