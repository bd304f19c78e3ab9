/**
 * One report's way through the outbox, as the device page shows it: the states it passes
 * (queued -> sending -> accepted -> completed / failed; or queued -> skipped / superseded),
 * when it reached each, where it is now, and how long it took.
 */
import type { ReportState } from "./types";

/** Queued, being sent, or accepted by Microsoft and not yet confirmed: the Azure state "In progress". */
export const IN_FLIGHT_STATES = ["QUEUED", "SENDING", "ACCEPTED"] as const satisfies readonly ReportState[];

export function isInFlight(state: ReportState): boolean {
  return (IN_FLIGHT_STATES as readonly ReportState[]).includes(state);
}

export interface ReportTimes {
  state: ReportState;
  attempts: number;
  queuedAt: Date;
  sendingAt: Date | null;
  acceptedAt: Date | null;
  completedAt: Date | null;
  failedAt: Date | null;
  skippedAt: Date | null;
  supersededAt: Date | null;
}

export interface ReportStep {
  state: ReportState;
  /** When the report reached this state; null when it has not (yet). */
  at: Date | null;
  /** "done": passed; "current": where the report is now; "todo": still ahead. */
  status: "done" | "current" | "todo";
}

export function timeOf(report: ReportTimes, state: ReportState): Date | null {
  switch (state) {
    case "QUEUED":
      return report.queuedAt;
    case "SENDING":
      return report.sendingAt;
    case "ACCEPTED":
      return report.acceptedAt;
    case "COMPLETED":
      return report.completedAt;
    case "FAILED":
      return report.failedAt;
    case "SKIPPED":
      return report.skippedAt;
    case "SUPERSEDED":
      return report.supersededAt;
  }
}

/**
 * The steps to show. A report still in flight shows the path to Completed ahead of it; one that
 * ended shows the states it really passed (a send Microsoft refused never reached Accepted).
 */
export function reportSteps(report: ReportTimes): ReportStep[] {
  const { state } = report;
  if (state === "SKIPPED" || state === "SUPERSEDED") {
    return [
      { state: "QUEUED", at: report.queuedAt, status: "done" },
      { state, at: timeOf(report, state), status: "current" },
    ];
  }
  if (state === "COMPLETED" || state === "FAILED") {
    const passed = (["SENDING", "ACCEPTED"] as const).filter((s) => timeOf(report, s) !== null);
    return [
      { state: "QUEUED", at: report.queuedAt, status: "done" },
      ...passed.map((s): ReportStep => ({ state: s, at: timeOf(report, s), status: "done" })),
      { state, at: timeOf(report, state), status: "current" },
    ];
  }
  const path: ReportState[] = ["QUEUED", "SENDING", "ACCEPTED", "COMPLETED"];
  const here = path.indexOf(state);
  return path.map((s, i) => ({
    state: s,
    // A report put back in the queue after a failed attempt keeps its earlier sending time; it is not shown as passed.
    at: i <= here ? timeOf(report, s) : null,
    status: i < here ? "done" : i === here ? "current" : "todo",
  }));
}

/** Queued again after an attempt that failed and will be retried (e.g. Microsoft answered 429 or 503). */
export function isRetrying(report: ReportTimes): boolean {
  return report.state === "QUEUED" && report.attempts > 0;
}

/** From queued to its end state; null while in flight. */
export function reportLatencyMs(report: ReportTimes): number | null {
  if (isInFlight(report.state)) return null;
  const end = timeOf(report, report.state);
  return end === null ? null : Math.max(0, end.getTime() - report.queuedAt.getTime());
}

/** "850 ms", "4.2 s", "3 min 5 s", "2 h 10 min", "3 d 4 h": short, unambiguous in both languages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalSeconds = Math.round(s);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${totalSeconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
