/**
 * A small seeded pseudo-random generator for the demo data: the same seed gives the same
 * fleet on every machine and every run, so screenshots, tests and benchmarks can rely on it.
 * sfc32 (a fast 32-bit generator that passes PractRand) seeded through splitmix32.
 * Not for anything secret.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A 32-bit unsigned integer. */
  uint32(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with the given probability (0..1). */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks an item with probability proportional to its weight (weights >= 0, at least one > 0). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A version-4 UUID made from the generator's bits, so it is reproducible. */
  uuid(): string;
  /** A date in [from, to), to the millisecond. */
  date(from: Date, to: Date): Date;
  /** `length` characters drawn from `alphabet`. */
  string(alphabet: string, length: number): string;
}

/** 32-bit mixer used to spread a small seed over sfc32's 128-bit state. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** A 32-bit hash of a string (FNV-1a followed by a final mix), for deriving seeds from names. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** 128 random bits as an RFC 4122 version-4 UUID (version and variant bits overwritten). */
function formatUuid(a0: number, a1: number, a2: number, a3: number): string {
  return (
    hex8(a0) +
    "-" +
    BYTE_HEX[(a1 >>> 24) & 0xff] +
    BYTE_HEX[(a1 >>> 16) & 0xff] +
    "-4" +
    BYTE_HEX[(a1 >>> 8) & 0x0f]!.slice(1) +
    BYTE_HEX[a1 & 0xff] +
    "-" +
    BYTE_HEX[0x80 | ((a2 >>> 24) & 0x3f)] +
    BYTE_HEX[(a2 >>> 16) & 0xff] +
    "-" +
    BYTE_HEX[(a2 >>> 8) & 0xff] +
    BYTE_HEX[a2 & 0xff] +
    hex8(a3)
  );
}

function hex8(value: number): string {
  return BYTE_HEX[value >>> 24]! + BYTE_HEX[(value >>> 16) & 0xff]! + BYTE_HEX[(value >>> 8) & 0xff]! + BYTE_HEX[value & 0xff]!;
}

export function createRandom(seed: number): Random {
  const mix = splitmix32(Math.trunc(seed));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();

  function uint32(): number {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  }
  // Warm up: the first outputs of sfc32 still show the seed.
  for (let i = 0; i < 12; i++) uint32();

  const next = () => uint32() / 4294967296;

  const random: Random = {
    next,
    uint32,
    int(min, max) {
      if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`);
      return min + Math.floor(next() * (max - min + 1));
    },
    float(min, max) {
      return min + next() * (max - min);
    },
    chance(probability) {
      return next() < probability;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(items) {
      let total = 0;
      for (const [, weight] of items) total += weight;
      if (!(total > 0)) throw new RangeError("weighted pick needs a positive total weight");
      let target = next() * total;
      for (const [item, weight] of items) {
        target -= weight;
        if (target < 0) return item;
      }
      // Floating-point leftovers: the last item with a weight.
      for (let i = items.length - 1; i >= 0; i--) {
        const entry = items[i]!;
        if (entry[1] > 0) return entry[0];
      }
      throw new RangeError("unreachable");
    },
    uuid() {
      return formatUuid(uint32(), uint32(), uint32(), uint32());
    },
    date(from, to) {
      const start = from.getTime();
      const span = to.getTime() - start;
      if (span <= 0) return new Date(start);
      return new Date(start + Math.floor(next() * span));
    },
    string(alphabet, length) {
      let out = "";
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
  };
  return random;
}

/** An integer in [from, to), or `from` when the range is empty: for offsets in milliseconds. */
export function between(r: Random, from: number, to: number): number {
  return to <= from ? from : from + Math.floor(r.next() * (to - from));
}

/** A UUID that depends only on `seed` and `name`: the same owner always gets the same Entra user id. */
export function uuidFromName(seed: number, name: string): string {
  const a0 = hashString(name, seed);
  const a1 = hashString(name, seed ^ 0x9e3779b9);
  const a2 = hashString(name, seed ^ 0x85ebca6b);
  const a3 = hashString(name, seed ^ 0xc2b2ae35);
  return formatUuid(a0, a1, a2, a3);
}
