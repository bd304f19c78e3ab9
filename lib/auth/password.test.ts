import { describe, expect, it } from "vitest";
import { DEMO_PASSWORDS } from "../demo/fixtures";
import { isDemoPassword, isProductionDatabase } from "./demo-passwords";
import { hashPassword, verifyPassword } from "./password";
import { FailureLimiter } from "./rate-limit";

describe("password hashing (scrypt)", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
    expect(await verifyPassword("x", null)).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});

describe("demo passwords", () => {
  it("are refused only in production on a real database", () => {
    expect(isDemoPassword(DEMO_PASSWORDS.ADMIN)).toBe(true);
    expect(isProductionDatabase({ NODE_ENV: "production", DATABASE_URL: "postgresql://x/y" })).toBe(true);
    expect(isProductionDatabase({ NODE_ENV: "production", DATABASE_URL: undefined })).toBe(false);
    expect(isProductionDatabase({ NODE_ENV: "development", DATABASE_URL: "postgresql://x/y" })).toBe(false);
  });
});

describe("FailureLimiter", () => {
  it("blocks after max failures until the window ends", () => {
    const limiter = new FailureLimiter({ max: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("a", t0)).toBe(0);
      limiter.fail("a", t0);
    }
    expect(limiter.retryAfter("a", t0 + 1000)).toBe(59);
    expect(limiter.retryAfter("b", t0)).toBe(0);
    expect(limiter.retryAfter("a", t0 + 60_000)).toBe(0);
    limiter.fail("a", t0);
    limiter.clear("a");
    expect(limiter.retryAfter("a", t0)).toBe(0);
  });
});
