import type { Database } from "./client";

/**
 * The embedded database's housekeeping. PostgreSQL vacuums and analyses its tables by itself
 * (autovacuum); PGlite runs as a single-user PostgreSQL with no autovacuum, so without this the
 * rows every report and check-in leaves dead (each report row is rewritten four or five times)
 * pile up: tables and indexes grow, scans read more, and the planner's statistics go stale. A
 * weekly run of 40,000 devices on PGlite went from 360 to 483 devices/s with a pass every 30 s
 * (each 0.5-0.7 s). So the write-ahead log is watched: once `walBytes` of changes have been
 * written since the last pass, `VACUUM (ANALYZE)` runs; an idle or lightly used database is left
 * alone. PGlite runs one statement at a time: requests wait while a pass runs (it is logged).
 */
export interface Maintenance {
  /** One pass now, whatever was written; resolves with its duration in ms (null: nothing to do on this database). */
  runOnce(): Promise<number | null>;
  /** A pass if `walBytes` were written since the last one; its duration in ms, or null when none was due. */
  runIfDue(): Promise<number | null>;
  stop(): void;
}

export const DEFAULT_VACUUM_WAL_BYTES = 64 * 1024 * 1024;

export function startMaintenance(
  database: Database,
  options: { everyMs: number; walBytes?: number; log?: (ms: number) => void; onError?: (error: unknown) => void },
): Maintenance {
  const pglite = database.pglite;
  const walBytes = options.walBytes ?? DEFAULT_VACUUM_WAL_BYTES;
  let running: Promise<number | null> | null = null;
  let lastLsn: bigint | null = null;
  const walPosition = async () => BigInt((await pglite!.query<{ b: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS b")).rows[0]!.b);

  const pass = (force: boolean): Promise<number | null> => {
    if (!pglite) return Promise.resolve(null);
    running ??= (async () => {
      try {
        const position = await walPosition();
        lastLsn ??= position;
        if (!force && position - lastLsn < BigInt(walBytes)) return null;
        const started = Date.now();
        await pglite.exec("VACUUM (ANALYZE)");
        lastLsn = await walPosition();
        const ms = Date.now() - started;
        options.log?.(ms);
        return ms;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const timer = pglite ? setInterval(() => void pass(false).catch((error: unknown) => options.onError?.(error)), options.everyMs) : null;
  timer?.unref();
  return { runOnce: () => pass(true), runIfDue: () => pass(false), stop: () => timer && clearInterval(timer) };
}
