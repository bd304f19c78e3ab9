import { describe, expect, it } from "vitest";
import { lastDays, niceMax, seriesStart, stackByDay } from "./day-series";

describe("day series", () => {
  it("lists the last days in UTC, oldest first, today included", () => {
    const now = new Date("2026-03-02T23:30:00-05:00"); // 04:30 UTC on March 3rd
    expect(lastDays(now, 3)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    expect(lastDays(now, 30)).toHaveLength(30);
    expect(seriesStart(now, 3).toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  it("fills every day and key, and puts unknown keys in other (or drops them)", () => {
    const days = ["2026-03-01", "2026-03-02"];
    const rows = [
      { day: "2026-03-02", key: "COMPLETED", count: 5 },
      { day: "2026-03-02", key: "QUEUED", count: 2 },
      { day: "2026-03-02", key: "Bogus", count: 1 },
      { day: "2026-02-01", key: "COMPLETED", count: 9 },
    ];
    expect(stackByDay(rows, days, ["COMPLETED", "FAILED"])).toEqual([
      { day: "2026-03-01", values: { COMPLETED: 0, FAILED: 0 }, total: 0 },
      { day: "2026-03-02", values: { COMPLETED: 5, FAILED: 0 }, total: 5 },
    ]);
    expect(stackByDay(rows, days, ["COMPLETED", "OTHER"], "OTHER")[1]).toEqual({ day: "2026-03-02", values: { COMPLETED: 5, OTHER: 3 }, total: 8 });
  });

  it("rounds the axis up to a round number close above the value", () => {
    expect([0, 1, 3, 7, 10, 11, 48, 115, 501, 9000].map(niceMax)).toEqual([1, 1, 3, 8, 10, 12, 50, 120, 600, 10000]);
  });
});
