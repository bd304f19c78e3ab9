/**
 * PostgreSQL's answers that mean "run the transaction again": a deadlock (40P01) or a
 * serialization failure (40001). Each side of a deadlock is rolled back whole, so a retry is safe.
 */
import { Prisma } from "@prisma/client";

const RETRYABLE_SQLSTATES = new Set(["40P01", "40001"]);

export function isRetryableConflict(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2034") return true; // "write conflict or a deadlock"
    const code = (error.meta as { code?: unknown } | undefined)?.code;
    if (typeof code === "string" && RETRYABLE_SQLSTATES.has(code)) return true;
    return /Code: `(40P01|40001)`/.test(error.message);
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE_SQLSTATES.has(code);
}

/** Runs `fn` (a whole transaction or one statement) again after a deadlock or serialization failure. */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
