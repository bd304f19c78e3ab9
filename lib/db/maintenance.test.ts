import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./client";
import { startMaintenance } from "./maintenance";

describe("embedded database maintenance", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: null });
  });
  afterAll(async () => database?.close());

  it("vacuums away the dead rows that rewrites leave, and refreshes the planner's statistics", async () => {
    const pglite = database.pglite!;
    await pglite.exec("CREATE TABLE churn (id int PRIMARY KEY, v text NOT NULL)");
    await pglite.exec("INSERT INTO churn SELECT g, 'x' FROM generate_series(1, 5000) g");
    for (let i = 0; i < 4; i++) await pglite.exec(`UPDATE churn SET v = 'y${i}'`);
    const size = async () => Number((await pglite.query<{ n: string }>("SELECT pg_relation_size('churn') AS n")).rows[0]!.n);
    const estimate = async () => Number((await pglite.query<{ n: number }>("SELECT reltuples AS n FROM pg_class WHERE relname = 'churn'")).rows[0]!.n);
    const bloated = await size();

    const maintenance = startMaintenance(database, { everyMs: 3_600_000 });
    expect(await maintenance.runOnce()).toBeGreaterThanOrEqual(0);
    expect(await estimate()).toBe(5000);
    // Space of the dead versions is free again: the same rewrite now fits in the table as it is.
    await pglite.exec("UPDATE churn SET v = 'z'");
    expect(await size()).toBeLessThanOrEqual(bloated);
    await maintenance.runOnce();
    await pglite.exec("UPDATE churn SET v = 'w'");
    expect(await size()).toBeLessThanOrEqual(bloated);
    maintenance.stop();
  });

  it("passes only once enough has been written since the last pass", async () => {
    const pglite = database.pglite!;
    await pglite.exec("CREATE TABLE writes (id int PRIMARY KEY, v text NOT NULL)");
    const maintenance = startMaintenance(database, { everyMs: 3_600_000, walBytes: 1024 * 1024 });
    await maintenance.runOnce();
    expect(await maintenance.runIfDue()).toBeNull();
    await pglite.exec("INSERT INTO writes SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g");
    expect(await maintenance.runIfDue()).toBeGreaterThanOrEqual(0);
    expect(await maintenance.runIfDue()).toBeNull();
    maintenance.stop();
  });

  it("does nothing on PostgreSQL, which vacuums itself", async () => {
    const postgresLike = { ...database, kind: "postgres" as const, pglite: undefined };
    const maintenance = startMaintenance(postgresLike, { everyMs: 3_600_000 });
    expect(await maintenance.runOnce()).toBeNull();
    expect(await maintenance.runIfDue()).toBeNull();
    maintenance.stop();
  });
});
