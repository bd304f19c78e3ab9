import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { lockDataDir } from "./data-dir-lock";
import { migrate, type MigrateResult, type SqlSession } from "./migrate";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** Where the data lives, for messages: the PGlite directory or the PostgreSQL host/db. */
  location: string;
  /** The embedded database's own PGlite instance (benchmarks compare the product's queries to bare SQL on it); absent on PostgreSQL. */
  pglite?: PGlite;
  /** Applies pending migrations (done on open; exposed for tests and tools). */
  migrate(): Promise<MigrateResult>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgresql://... for PostgreSQL; undefined for the embedded database. */
  databaseUrl?: string;
  /** Directory holding the embedded database (DATA_DIR/pglite); null for in-memory. */
  dataDir?: string | null;
  log?: (message: string) => void;
}

function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Migrations run on one dedicated connection: the advisory lock belongs to a session. */
async function migratePostgres(url: string, log: (m: string) => void): Promise<MigrateResult> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const session: SqlSession = {
      exec: async (sql) => void (await admin.query(sql)),
      query: async <T>(sql: string, params?: unknown[]) => (await admin.query(sql, params)).rows as T[],
    };
    return await migrate(session, undefined, log);
  } finally {
    await admin.end();
  }
}

async function openPostgres(url: string, log: (m: string) => void): Promise<Database> {
  await migratePostgres(url, log);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  return {
    kind: "postgres",
    prisma,
    location: describeUrl(url),
    migrate: () => migratePostgres(url, log),
    close: () => prisma.$disconnect(),
  };
}

async function openPglite(dataDir: string | null, log: (m: string) => void): Promise<Database> {
  const directory = dataDir === null ? null : path.resolve(dataDir);
  const lock = directory === null ? null : lockDataDir(directory);
  try {
    // pg_trgm (the device list's search indexes) comes from PGlite's own npm package: nothing is downloaded.
    const options = { extensions: { pg_trgm } };
    const pglite = directory === null ? new PGlite(options) : new PGlite(directory, options);
    await pglite.waitReady;
    const session: SqlSession = {
      exec: async (sql) => void (await pglite.exec(sql)),
      query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    };
    await migrate(session, undefined, log);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      kind: "pglite",
      prisma,
      location: directory ?? "(in memory)",
      pglite,
      migrate: () => migrate(session, undefined, log),
      close: async () => {
        await prisma.$disconnect();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const log = options.log ?? (() => {});
  if (options.databaseUrl) return openPostgres(options.databaseUrl, log);
  return openPglite(options.dataDir === undefined ? null : options.dataDir, log);
}
