import { describe, expect, it } from "vitest";
import { isValidTimeZone, nextWeeklyRun } from "./next-run";

describe("nextWeeklyRun", () => {
  it("finds the next Sunday 02:00 UTC", () => {
    // 2026-11-27 is a Friday.
    expect(nextWeeklyRun(new Date("2026-11-27T00:25:00Z"), { day: 0, time: "02:00", timeZone: "UTC" }).toISOString()).toBe("2026-11-29T02:00:00.000Z");
  });
  it("uses later today when the time has not passed, next week when it has", () => {
    expect(nextWeeklyRun(new Date("2026-11-27T00:25:00Z"), { day: 5, time: "09:30", timeZone: "UTC" }).toISOString()).toBe("2026-11-27T09:30:00.000Z");
    expect(nextWeeklyRun(new Date("2026-11-27T10:00:00Z"), { day: 5, time: "09:30", timeZone: "UTC" }).toISOString()).toBe("2026-12-04T09:30:00.000Z");
  });
  it("honours the time zone and its DST offset", () => {
    // Madrid is UTC+1 in winter, UTC+2 in summer.
    expect(nextWeeklyRun(new Date("2026-11-27T00:00:00Z"), { day: 1, time: "03:00", timeZone: "Europe/Madrid" }).toISOString()).toBe("2026-11-30T02:00:00.000Z");
    expect(nextWeeklyRun(new Date("2026-07-01T00:00:00Z"), { day: 1, time: "03:00", timeZone: "Europe/Madrid" }).toISOString()).toBe("2026-07-06T01:00:00.000Z");
  });
  it("knows a time zone from a typo", () => {
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});
