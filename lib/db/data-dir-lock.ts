import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite is single-process: two processes writing one data directory corrupt it. Each
 * process that opens the embedded database first takes this lock; a second one stops at
 * once with a message naming the directory. A lock left by a killed process (kill -9)
 * is recognised as stale and taken over, so a crash never blocks the next start.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly directory: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database directory ${directory} is already in use by another process (pid ${holderPid}). ` +
        `Only one process may open it: stop that process, set DATA_DIR to another directory, ` +
        `or set DATABASE_URL to share a PostgreSQL database between processes.`,
    );
    this.name = "DataDirLockedError";
  }
}

interface LockContent {
  pid: number;
  /** Start time of the process (from /proc), so a recycled pid is not mistaken for the holder. */
  startTime: string | null;
  host: string;
  at: string;
}

function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime); the command name (field 2) may contain spaces, so split after it.
    const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return afterName[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(lock: LockContent): boolean {
  if (lock.host !== os.hostname()) return true; // cannot tell: be safe
  try {
    process.kill(lock.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const start = processStartTime(lock.pid);
  return lock.startTime === null || start === null || start === lock.startTime;
}

function readLock(file: string): LockContent | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockContent;
  } catch {
    return null; // missing, or half-written by a process killed while writing it
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(directory: string): DataDirLock {
  const absolute = path.resolve(directory);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const file = `${absolute}.lock`;
  const mine: LockContent = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: os.hostname(),
    at: new Date().toISOString(),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(mine));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.linkSync(tmp, file); // atomic: fails if the lock exists
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const holder = readLock(file);
        if (holder && holder.pid === process.pid) break;
        if (holder && isAlive(holder)) throw new DataDirLockedError(absolute, holder.pid);
        fs.rmSync(file, { force: true }); // stale: its process is gone
        if (attempt === 2) throw new DataDirLockedError(absolute, holder?.pid ?? -1);
      }
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const held = readLock(file);
  if (!held || held.pid !== process.pid) throw new DataDirLockedError(absolute, held?.pid ?? -1);

  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    const current = readLock(file);
    if (current?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.on("exit", release);
  return { release };
}
