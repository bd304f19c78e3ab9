/**
 * When the weekly run happens: a day of the week (0 = Sunday), a wall-clock time "HH:MM" and
 * an IANA time zone (AzureSettings.weeklyDay/weeklyTime/weeklyTimeZone). Computed with Intl
 * so daylight-saving changes are honoured: 02:00 Europe/Madrid is 01:00Z in winter and 00:00Z
 * in summer. A wall time that does not exist that day (skipped by a spring-forward change)
 * happens at the same offset as just before the change, i.e. one hour later on the clock.
 */

export interface WeeklySchedule {
  day: number;
  time: string;
  timeZone: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone (validate settings with it). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function parseWeeklyTime(time: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`weekly time must be HH:MM (24 h), got "${time}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The zone's wall clock at `instant`, as if it were UTC (so date arithmetic is plain). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The instant at which the zone's wall clock shows `wall` (see the file comment for gaps and overlaps). */
function instantOf(wall: number, timeZone: string): number {
  // Offset just before the wall time: in a gap this is the pre-change offset; in an overlap the first occurrence wins.
  const offsetBefore = wallClock(wall - DAY_MS / 2, timeZone) - (wall - DAY_MS / 2);
  const guess = wall - offsetBefore;
  const offsetAt = wallClock(guess, timeZone) - guess;
  if (offsetAt === offsetBefore) return guess;
  const second = wall - offsetAt;
  return wallClock(second, timeZone) === wall ? Math.min(guess, second) : guess;
}

/** Occurrences around `now`: the same weekday and time in the zone, a week apart. */
function occurrences(now: Date, schedule: WeeklySchedule): number[] {
  const { hour, minute } = parseWeeklyTime(schedule.time);
  const wallNow = wallClock(now.getTime(), schedule.timeZone);
  const today = new Date(wallNow);
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const delta = (schedule.day - today.getUTCDay() + 7) % 7;
  const base = midnight + delta * DAY_MS + (hour * 60 + minute) * 60_000;
  return [-14, -7, 0, 7].map((d) => instantOf(base + d * DAY_MS, schedule.timeZone));
}

/** The latest scheduled time at or before `now`. */
export function previousWeeklyRun(now: Date, schedule: WeeklySchedule): Date {
  const past = occurrences(now, schedule).filter((t) => t <= now.getTime());
  return new Date(Math.max(...past));
}

/** The first scheduled time strictly after `now`. */
export function nextWeeklyRun(now: Date, schedule: WeeklySchedule): Date {
  const t = previousWeeklyRun(now, schedule).getTime();
  const candidates = occurrences(new Date(t + 7 * DAY_MS), schedule).filter((c) => c > now.getTime());
  return new Date(Math.min(...candidates));
}
