import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "./client";

/**
 * The databases the database tests run against: an in-memory PGlite always, and a fresh
 * PostgreSQL database (created on the server of TEST_DATABASE_URL, dropped afterwards)
 * when TEST_DATABASE_URL is set. Test helper only.
 */
export interface TestDatabaseFactory {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
}

export const postgresTestUrl = process.env.TEST_DATABASE_URL || undefined;

export async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export function testDatabases(): TestDatabaseFactory[] {
  const list: TestDatabaseFactory[] = [{ name: "pglite", open: () => openDatabase({ dataDir: null }) }];
  if (postgresTestUrl) {
    const base = postgresTestUrl;
    list.push({
      name: "postgres",
      open: async () => {
        const created = await createPostgresDatabase(base);
        const database = await openDatabase({ databaseUrl: created.url });
        return {
          ...database,
          close: async () => {
            await database.close();
            await created.drop();
          },
        };
      },
    });
  }
  return list;
}
