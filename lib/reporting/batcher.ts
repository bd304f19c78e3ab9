/**
 * Group commit: callers each hand in one item and get its own answer, while the items are
 * written together, a batch per database round (fewer statements per report, the difference
 * between tens and thousands of reports per second on the embedded database). A batch is
 * written when it is full or `maxWaitMs` after its first item; one batch at a time, the next
 * one filling meanwhile. A failed write rejects every caller of that batch.
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
  let writing: Promise<void> = Promise.resolve();

  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    writing = writing.then(async () => {
      try {
        const results = await write(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    });
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= options.maxBatch) flush();
        else timer ??= setTimeout(flush, options.maxWaitMs);
      });
    },
    async drain() {
      flush();
      await writing;
    },
  };
}
