/**
 * Group commit: callers each hand in one item and get its own answer, while the items are
 * written together, a batch per database round (fewer statements per report: the difference
 * between tens and thousands of reports per second). One write at a time: while it runs, the
 * next batch fills, and is written as soon as it ends; an idle batcher writes `maxWaitMs`
 * after the first item, or at once when `maxBatch` items are waiting. A failed write rejects
 * every caller of that batch.
 */
export interface Batcher<T, R> {
  add(item: T): Promise<R>;
  /** Resolves once everything added so far is written. */
  drain(): Promise<void>;
}

export function createBatcher<T, R>(write: (items: T[]) => Promise<R[]>, options: { maxBatch: number; maxWaitMs: number }): Batcher<T, R> {
  type Pending = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;

  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (writing || queue.length === 0) return; // the running write flushes again when it ends
    const batch = queue.slice(0, options.maxBatch);
    queue = queue.slice(batch.length);
    writing = (async () => {
      try {
        const results = await write(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      } finally {
        writing = null;
        flush();
      }
    })();
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (writing) return;
        if (queue.length >= options.maxBatch) flush();
        else timer ??= setTimeout(flush, options.maxWaitMs);
      });
    },
    async drain() {
      flush();
      while (writing) await writing;
    },
  };
}
