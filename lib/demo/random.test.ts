import { describe, expect, it } from "vitest";
import { createRandom, hashString, uuidFromName } from "./random";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("createRandom", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const left = Array.from({ length: 50 }, () => a.uint32());
    const right = Array.from({ length: 50 }, () => b.uint32());
    expect(left).toEqual(right);
  });

  it("gives different sequences for different seeds, including neighbours", () => {
    const first = (seed: number) => Array.from({ length: 5 }, createRandom(seed).uint32);
    expect(first(1)).not.toEqual(first(2));
    expect(first(0)).not.toEqual(first(1));
  });

  it("keeps next() in [0, 1) with a roughly uniform mean", () => {
    const r = createRandom(7);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = r.next();
      if (x < 0 || x >= 1) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    expect(sum / 20_000).toBeGreaterThan(0.48);
    expect(sum / 20_000).toBeLessThan(0.52);
  });

  it("int() covers both bounds and nothing outside them", () => {
    const r = createRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(r.int(-2, 3));
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(r.int(5, 5)).toBe(5);
    expect(() => r.int(2, 1)).toThrow(RangeError);
  });

  it("pick() and weighted() respect the candidates and the weights", () => {
    const r = createRandom(11);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted([["a", 8], ["b", 2], ["c", 0]] as const)]++;
    expect(counts.c).toBe(0);
    expect(counts.a / 10_000).toBeGreaterThan(0.77);
    expect(counts.a / 10_000).toBeLessThan(0.83);
    expect(["x", "y"]).toContain(r.pick(["x", "y"]));
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.weighted([["a", 0]])).toThrow(RangeError);
  });

  it("chance() honours 0 and 1", () => {
    const r = createRandom(5);
    for (let i = 0; i < 100; i++) {
      expect(r.chance(0)).toBe(false);
      expect(r.chance(1)).toBe(true);
    }
  });

  it("makes valid, distinct, reproducible v4 UUIDs", () => {
    const r = createRandom(9);
    const ids = Array.from({ length: 5_000 }, () => r.uuid());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(createRandom(9).uuid()).toBe(ids[0]);
  });

  it("date() stays within [from, to) and returns from for an empty range", () => {
    const r = createRandom(1);
    const from = new Date("2025-01-01T00:00:00Z");
    const to = new Date("2025-01-02T00:00:00Z");
    for (let i = 0; i < 1_000; i++) {
      const d = r.date(from, to).getTime();
      expect(d).toBeGreaterThanOrEqual(from.getTime());
      expect(d).toBeLessThan(to.getTime());
    }
    expect(r.date(to, from).getTime()).toBe(to.getTime());
  });

  it("string() draws from the alphabet", () => {
    expect(createRandom(2).string("AB", 40)).toMatch(/^[AB]{40}$/);
  });
});

describe("hashString and uuidFromName", () => {
  it("are stable and depend on both the seed and the name", () => {
    expect(hashString("ana.garcia@contoso.example")).toBe(hashString("ana.garcia@contoso.example"));
    expect(hashString("a")).not.toBe(hashString("b"));
    expect(hashString("a", 1)).not.toBe(hashString("a", 2));
    expect(uuidFromName(1, "x")).toBe(uuidFromName(1, "x"));
    expect(uuidFromName(1, "x")).not.toBe(uuidFromName(2, "x"));
    expect(uuidFromName(1, "x")).toMatch(UUID_V4);
  });
});
