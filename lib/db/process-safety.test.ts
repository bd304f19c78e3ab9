import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";

const fixture = path.join(import.meta.dirname, "fixtures", "hold-database.ts");

function start(dir: string, ...args: string[]): { child: ChildProcess; output: () => string; errors: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", fixture, dir, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (err += chunk));
  return { child, output: () => out, errors: () => err };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

async function until(condition: () => boolean, what: string, ms = 90_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const committed = (text: string) => Math.max(0, ...[...text.matchAll(/committed (\d+)/g)].map((m) => Number(m[1])));

describe("embedded database across processes", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-safety-"));
  const dir = path.join(root, "pglite");
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("refuses a second process at once, naming the directory, and keeps every committed row after kill -9", async () => {
    const holder = start(dir);
    await until(() => committed(holder.output()) >= 20, "the first process to commit rows");

    const second = start(dir, "once");
    const code = await exited(second.child);
    expect(code).toBe(3);
    expect(second.errors()).toContain(dir);
    expect(second.errors()).toMatch(/already in use by another process \(pid \d+\)/);
    expect(second.output()).not.toContain("open");

    holder.child.kill("SIGKILL");
    await exited(holder.child);
    const last = committed(holder.output());

    // The lock left behind by the killed process is stale: a new start takes it over.
    const database = await openDatabase({ dataDir: dir });
    try {
      const rows = await database.prisma.auditEvent.count({ where: { action: "test.tick" } });
      // Every row reported committed is there (one more may have committed unreported).
      expect(rows).toBeGreaterThanOrEqual(last);
      expect(rows).toBeLessThanOrEqual(last + 1);
      const ids = await database.prisma.auditEvent.findMany({ where: { action: "test.tick" }, select: { targetId: true } });
      const numbers = new Set(ids.map((r) => Number(r.targetId)));
      for (let n = 1; n <= last; n++) expect(numbers.has(n)).toBe(true);
    } finally {
      await database.close();
    }
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});
