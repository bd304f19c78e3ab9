import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";
import { parseAuditFilter } from "./filter";

describe("audit CSV", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(csvLine(["a", 'b"c', "d,e", null, { x: 1 }])).toBe('a,"b""c","d,e",,"{""x"":1}"\r\n');
  });
  it("defuses spreadsheet formulas", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("-1")).toBe("'-1");
  });
  it("writes dates as ISO", () => expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z"));
});

describe("audit filter", () => {
  it("reads the URL's filters, dates as whole UTC days", () => {
    const f = parseAuditFilter(new URLSearchParams("actor=admin&action=settings.&from=2026-01-01&to=2026-01-31&target="));
    expect(f.actor).toBe("admin");
    expect(f.action).toBe("settings.");
    expect(f.target).toBeUndefined();
    expect(f.from?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(f.to?.toISOString()).toBe("2026-01-31T23:59:59.999Z");
  });
  it("ignores dates it cannot read", () => expect(parseAuditFilter({ from: "yesterday" }).from).toBeUndefined());
});
