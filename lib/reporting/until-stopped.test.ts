import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { untilStopped } from "./until-stopped";

describe("untilStopped", () => {
  it("resolves with the task and leaves no listener behind, however many waits end", async () => {
    const stop = new AbortController();
    for (let i = 0; i < 1000; i++) expect(await untilStopped(Promise.resolve(i), stop.signal, "stopped")).toBe(i);
    await expect(untilStopped(Promise.reject(new Error("boom")), stop.signal, "stopped")).rejects.toThrow("boom");
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(0);
  });

  it("resolves with the stop value as soon as the signal aborts, and at once when it already has", async () => {
    const stop = new AbortController();
    const waiting = untilStopped(new Promise(() => {}), stop.signal, "stopped");
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(1);
    stop.abort();
    expect(await waiting).toBe("stopped");
    expect(await untilStopped(new Promise(() => {}), stop.signal, false)).toBe(false);
  });
});
