import { describe, expect, it } from "vitest";
import { facetCounts, type FacetCombo } from "./device-facets";

const combo = (over: Partial<FacetCombo>, count: number): FacetCombo => ({
  platform: "IOS",
  clientStatusCode: "Success",
  azureState: "SUCCESS",
  verdict: "COMPLIANT",
  lifecycle: "ACTIVE",
  ...over,
  count,
});

const combos: FacetCombo[] = [
  combo({}, 10),
  combo({ platform: "ANDROID" }, 7),
  combo({ platform: "ANDROID", clientStatusCode: "User_Canceled", azureState: "ERROR" }, 3),
  combo({ clientStatusCode: null, azureState: null }, 2),
  combo({ lifecycle: "RETIRED", verdict: "NOT_COMPLIANT" }, 1),
];

describe("facet counts", () => {
  it("without a selection, counts every value of every facet", () => {
    const { total, counts } = facetCounts(combos, {});
    expect(total).toBe(23);
    expect(counts.platform).toEqual({ IOS: 13, ANDROID: 10 });
    expect(counts.clientStatus).toEqual({ Success: 18, User_Canceled: 3, none: 2 });
    expect(counts.azureState).toEqual({ SUCCESS: 18, ERROR: 3, none: 2 });
    expect(counts.lifecycle).toEqual({ ACTIVE: 22, RETIRED: 1 });
  });

  it("counts a facet under the other selected facets only", () => {
    const { total, counts } = facetCounts(combos, { platform: "ANDROID" });
    expect(total).toBe(10);
    // The platform facet ignores its own selection: the other platform's count stays visible.
    expect(counts.platform).toEqual({ IOS: 13, ANDROID: 10 });
    expect(counts.clientStatus).toEqual({ Success: 7, User_Canceled: 3 });
  });

  it("reads blank values as none, and two selections narrow each other", () => {
    const { total, counts } = facetCounts(combos, { clientStatus: "none", platform: "IOS" });
    expect(total).toBe(2);
    expect(counts.platform).toEqual({ IOS: 2 });
    expect(counts.clientStatus).toEqual({ Success: 11, none: 2 });
    expect(counts.verdict).toEqual({ COMPLIANT: 2 });
  });

  it("a selection nothing matches gives zero, not an error", () => {
    expect(facetCounts(combos, { lifecycle: "RETIRE_PENDING" }).total).toBe(0);
    expect(facetCounts([], {}).total).toBe(0);
  });
});
