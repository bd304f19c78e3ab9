import { Prisma } from "@prisma/client";

/** SQL fragments the query modules share. */

/** A list of ids as uuid parameters, for `IN (...)`. */
export const uuidList = (ids: string[]) => Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));

/**
 * `text` as a LIKE / ILIKE pattern that matches itself: % and _ (and the escape character,
 * backslash) escaped. Needed for raw SQL patterns and for Prisma's string filters, which do
 * not escape them: `contains`, `startsWith`, and `equals` with `mode: "insensitive"` all become
 * (I)LIKE, so an unescaped "_" in an e-mail address would match any character there.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
