import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps local paths", () => expect(safeReturnPath("/audit?actor=x")).toBe("/audit?actor=x"));
  it("refuses other sites and loops", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "/signin", undefined, ""]) expect(safeReturnPath(bad)).toBe("/devices");
  });
});
