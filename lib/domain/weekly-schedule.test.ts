import { describe, expect, it } from "vitest";
import { isValidTimeZone, nextWeeklyRun, parseWeeklyTime, previousWeeklyRun } from "./weekly-schedule";

const iso = (d: Date) => d.toISOString();

describe("weekly schedule", () => {
  it("finds the previous and next Sunday 02:00 UTC", () => {
    const s = { day: 0, time: "02:00", timeZone: "UTC" };
    // 2026-11-27 is a Friday.
    const now = new Date("2026-11-27T00:25:00Z");
    expect(iso(previousWeeklyRun(now, s))).toBe("2026-11-22T02:00:00.000Z");
    expect(iso(nextWeeklyRun(now, s))).toBe("2026-11-29T02:00:00.000Z");
  });

  it("counts the exact scheduled instant as the previous run", () => {
    const s = { day: 5, time: "00:25", timeZone: "UTC" };
    const now = new Date("2026-11-27T00:25:00Z");
    expect(iso(previousWeeklyRun(now, s))).toBe("2026-11-27T00:25:00.000Z");
    expect(iso(nextWeeklyRun(now, s))).toBe("2026-12-04T00:25:00.000Z");
  });

  it("follows daylight saving time in the zone", () => {
    const s = { day: 0, time: "02:30", timeZone: "Europe/Madrid" };
    expect(iso(nextWeeklyRun(new Date("2026-01-05T00:00:00Z"), s))).toBe("2026-01-11T01:30:00.000Z");
    expect(iso(nextWeeklyRun(new Date("2026-07-01T00:00:00Z"), s))).toBe("2026-07-05T00:30:00.000Z");
    // 2026-03-29: clocks jump 02:00 -> 03:00 in Madrid; 02:30 does not exist and runs at 03:30 local.
    expect(iso(nextWeeklyRun(new Date("2026-03-28T00:00:00Z"), s))).toBe("2026-03-29T01:30:00.000Z");
    // 2026-10-25: 02:30 happens twice; the first one counts.
    expect(iso(nextWeeklyRun(new Date("2026-10-24T00:00:00Z"), s))).toBe("2026-10-25T00:30:00.000Z");
  });

  it("handles zones east and west of UTC across the date line", () => {
    expect(iso(nextWeeklyRun(new Date("2026-11-27T00:00:00Z"), { day: 1, time: "09:00", timeZone: "Pacific/Auckland" }))).toBe("2026-11-29T20:00:00.000Z");
    // 00:00Z on Friday is still Thursday 16:00 in Los Angeles.
    expect(iso(nextWeeklyRun(new Date("2026-11-27T00:00:00Z"), { day: 4, time: "23:00", timeZone: "America/Los_Angeles" }))).toBe("2026-11-27T07:00:00.000Z");
  });

  it("validates its inputs", () => {
    expect(isValidTimeZone("Europe/Madrid")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(() => parseWeeklyTime("2:00")).toThrow();
    expect(parseWeeklyTime("23:59")).toEqual({ hour: 23, minute: 59 });
  });
});
