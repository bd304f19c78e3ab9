/**
 * Waits for `task` unless `signal` aborts first, then resolves to `whenStopped`. Unlike
 * `Promise.race([task, stopped])` with one long-lived "stopped" promise, a wait that ends leaves
 * nothing behind: every race on a promise that stays pending adds a reaction to it for good, and
 * each reaction keeps its caller's variables (a claimed report and all its fields) alive until
 * the promise settles. The engine waits this way several times per report, so that pattern grew
 * its heap with every report of a run.
 */
export function untilStopped<T, S>(task: Promise<T>, signal: AbortSignal, whenStopped: S): Promise<T | S> {
  if (signal.aborted) return Promise.resolve(whenStopped);
  return new Promise<T | S>((resolve, reject) => {
    const onAbort = () => resolve(whenStopped);
    signal.addEventListener("abort", onAbort, { once: true });
    task.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}
