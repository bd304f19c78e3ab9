import { describe, expect, it } from "vitest";
import { formatDuration, isInFlight, isRetrying, reportLatencyMs, reportSteps, type ReportTimes } from "./report-progress";

const t = (s: number) => new Date(Date.UTC(2026, 2, 1, 8, 0, s));

const report = (over: Partial<ReportTimes>): ReportTimes => ({
  state: "QUEUED",
  attempts: 0,
  queuedAt: t(0),
  sendingAt: null,
  acceptedAt: null,
  completedAt: null,
  failedAt: null,
  skippedAt: null,
  supersededAt: null,
  ...over,
});

const shape = (r: ReportTimes) => reportSteps(r).map((s) => `${s.state}:${s.status}${s.at ? "@" + s.at.getUTCSeconds() : ""}`);

describe("report steps", () => {
  it("a queued report shows the whole path ahead", () => {
    expect(shape(report({}))).toEqual(["QUEUED:current@0", "SENDING:todo", "ACCEPTED:todo", "COMPLETED:todo"]);
  });

  it("an accepted report has passed queued and sending", () => {
    expect(shape(report({ state: "ACCEPTED", sendingAt: t(1), acceptedAt: t(2) }))).toEqual(["QUEUED:done@0", "SENDING:done@1", "ACCEPTED:current@2", "COMPLETED:todo"]);
  });

  it("a completed report shows each state with its time", () => {
    expect(shape(report({ state: "COMPLETED", sendingAt: t(1), acceptedAt: t(2), completedAt: t(5) }))).toEqual(["QUEUED:done@0", "SENDING:done@1", "ACCEPTED:done@2", "COMPLETED:current@5"]);
  });

  it("a send Microsoft refused never reached accepted", () => {
    expect(shape(report({ state: "FAILED", sendingAt: t(1), failedAt: t(2), attempts: 1 }))).toEqual(["QUEUED:done@0", "SENDING:done@1", "FAILED:current@2"]);
  });

  it("skipped and superseded reports end right after the queue", () => {
    expect(shape(report({ state: "SKIPPED", skippedAt: t(0) }))).toEqual(["QUEUED:done@0", "SKIPPED:current@0"]);
    expect(shape(report({ state: "SUPERSEDED", supersededAt: t(9) }))).toEqual(["QUEUED:done@0", "SUPERSEDED:current@9"]);
  });

  it("a report queued again for a retry does not show its earlier send as passed", () => {
    const r = report({ state: "QUEUED", sendingAt: t(1), attempts: 1 });
    expect(shape(r)).toEqual(["QUEUED:current@0", "SENDING:todo", "ACCEPTED:todo", "COMPLETED:todo"]);
    expect(isRetrying(r)).toBe(true);
    expect(isRetrying(report({}))).toBe(false);
  });
});

describe("latency and durations", () => {
  it("is measured from queued to the end state, and unknown while in flight", () => {
    expect(reportLatencyMs(report({ state: "COMPLETED", completedAt: t(5) }))).toBe(5000);
    expect(reportLatencyMs(report({ state: "FAILED", failedAt: t(2) }))).toBe(2000);
    expect(reportLatencyMs(report({ state: "SENDING", sendingAt: t(1) }))).toBeNull();
    expect(isInFlight("ACCEPTED")).toBe(true);
    expect(isInFlight("SKIPPED")).toBe(false);
  });

  it("formats durations at every scale", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4200)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(7_800_000)).toBe("2 h 10 min");
    expect(formatDuration(4 * 86_400_000 + 3 * 3_600_000)).toBe("4 d 3 h");
  });
});
