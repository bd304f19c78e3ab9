import { describe, expect, it } from "vitest";
import { createBatcher } from "./batcher";

describe("group commit batcher", () => {
  it("writes items together, answers each caller with its own result, and keeps batches in order", async () => {
    const batches: number[][] = [];
    const b = createBatcher<number, number>(async (items) => (batches.push(items), items.map((i) => i * 10)), { maxBatch: 3, maxWaitMs: 5 });
    const answers = await Promise.all([1, 2, 3, 4, 5].map((i) => b.add(i)));
    expect(answers).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it("rejects every caller of a failed batch, and goes on with the next", async () => {
    let fail = true;
    const b = createBatcher<number, number>(async (items) => {
      if (fail) throw new Error("database down");
      return items;
    }, { maxBatch: 10, maxWaitMs: 1 });
    const failed = await Promise.allSettled([b.add(1), b.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(b.add(3)).resolves.toBe(3);
    await b.drain();
  });
});
