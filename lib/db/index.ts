import path from "node:path";
import { env } from "../env";
import { log } from "../log";
import { openDatabase, type Database } from "./client";

/**
 * The process's database, opened once (migrations applied) and cached on globalThis so
 * that Next's module reloading in development does not open a second PGlite instance.
 * The only way the rest of the product reaches the database.
 */
const holder = globalThis as unknown as { __database?: Promise<Database> };

export function db(): Promise<Database> {
  holder.__database ??= (async () => {
    const e = env();
    const database = await openDatabase({
      databaseUrl: e.DATABASE_URL,
      dataDir: path.join(e.DATA_DIR, "pglite"),
      log: (message) => log.info({ component: "db" }, message),
    });
    log.info({ component: "db", kind: database.kind, location: database.location }, "database ready");
    return database;
  })();
  return holder.__database;
}

export async function prisma() {
  return (await db()).prisma;
}

export type { Database } from "./client";
