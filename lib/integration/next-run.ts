/**
 * When the weekly report runs next: the first `day` (0 = Sunday) at `time` (HH:MM) in
 * `timeZone` after `now`. Wall-clock times skipped by a DST change resolve to the hour after.
 */
function zonedParts(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short" }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"));
  return { year: Number(get("year")), month: Number(get("month")), day: Number(get("day")), hour: Number(get("hour")), minute: Number(get("minute")), second: Number(get("second")), weekday };
}

function offsetMs(at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in a time zone. */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetMs(guess, timeZone);
  return new Date(guess - offsetMs(first, timeZone));
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function nextWeeklyRun(now: Date, schedule: { day: number; time: string; timeZone: string }): Date {
  const [hour = 0, minute = 0] = schedule.time.split(":").map(Number);
  const today = zonedParts(now.getTime(), schedule.timeZone);
  for (let offset = 0; offset <= 7; offset++) {
    const base = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    if (base.getUTCDay() !== schedule.day) continue;
    const at = zonedTimeToUtc(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), hour, minute, schedule.timeZone);
    if (at.getTime() > now.getTime()) return at;
  }
  // Today is the day but the time has passed: a week later.
  const base = new Date(Date.UTC(today.year, today.month - 1, today.day + 7));
  return zonedTimeToUtc(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), hour, minute, schedule.timeZone);
}
