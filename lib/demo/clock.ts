/** Time anchors of a demo fleet, all derived from `now` so that the data always looks current. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface DemoClock {
  now: number;
  /** The last four weekly runs (Sunday 02:00 UTC), oldest first, each at least an hour old. */
  weeklyRuns: number[];
  /** How long queuing one weekly run took: grows with the fleet, capped. */
  weeklyRunDuration: number;
  /** Report history starts here: a week before the oldest weekly run. */
  historyStart: number;
  /** After the last weekly run's reports: where recent failures and new enrolments go. */
  recentStart: number;
  /** The nightly re-evaluation of every device (01:00 UTC) most recently before now. */
  nightly: number;
}

export function demoClock(now: Date, devices: number): DemoClock {
  const t = now.getTime();
  const d = new Date(t);
  let lastRun = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay(), 2, 0, 0, 0);
  // A run still (possibly) going is not one of the completed four.
  if (lastRun + HOUR > t) lastRun -= 7 * DAY;
  const weeklyRuns = [lastRun - 21 * DAY, lastRun - 14 * DAY, lastRun - 7 * DAY, lastRun];
  const weeklyRunDuration = Math.max(3 * MINUTE, Math.min(30 * MINUTE, devices * 4));
  let nightly = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 1, 0, 0, 0);
  if (nightly > t) nightly -= DAY;
  return {
    now: t,
    weeklyRuns,
    weeklyRunDuration,
    historyStart: weeklyRuns[0]! - 7 * DAY,
    recentStart: lastRun + weeklyRunDuration + 10 * MINUTE,
    nightly,
  };
}

/** When device `index` of `devices` is queued by the weekly run scheduled at `run`. */
export function weeklyQueueTime(clock: DemoClock, run: number, index: number, devices: number, jitter: number): number {
  return run + 2 * SECOND + Math.floor((index / devices) * clock.weeklyRunDuration) + jitter;
}
