import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

/**
 * The key that signs and encrypts session cookies: AUTH_SECRET (or NEXTAUTH_SECRET), else
 * one generated on first use and kept in DATA_DIR/auth-secret (mode 0600), so
 * `npm ci && npm start` works and sessions survive restarts. Never committed, never logged.
 */
const holder = globalThis as unknown as { __authSecret?: string };

export function authSecret(): string {
  if (holder.__authSecret) return holder.__authSecret;
  const e = env();
  const configured = e.AUTH_SECRET ?? e.NEXTAUTH_SECRET;
  if (configured) return (holder.__authSecret = configured);
  const file = path.join(e.DATA_DIR, "auth-secret");
  try {
    holder.__authSecret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(e.DATA_DIR, { recursive: true });
    const generated = crypto.randomBytes(33).toString("base64url");
    try {
      // wx: when two processes race, the first one's secret wins and the other reads it.
      fs.writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: "wx" });
      holder.__authSecret = generated;
    } catch {
      holder.__authSecret = fs.readFileSync(file, "utf8").trim();
    }
  }
  return holder.__authSecret;
}
