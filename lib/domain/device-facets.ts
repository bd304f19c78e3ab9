/**
 * The counts next to each option of the device list's filters. Each facet is counted under
 * every *other* selected filter (choosing iOS still shows how many Android devices match the
 * rest), which is what tells a person where to click next. Computed from one grouped count
 * of the five select facets, so the database scans the devices once.
 */
import type { AzureComplianceState, ClientStatusCode, Lifecycle, Platform, Verdict } from "./types";

export const FACETS = ["platform", "clientStatus", "azureState", "verdict", "lifecycle"] as const;
export type Facet = (typeof FACETS)[number];

/** One group of devices sharing the five facet values. */
export interface FacetCombo {
  platform: Platform;
  clientStatusCode: ClientStatusCode | null;
  azureState: AzureComplianceState | null;
  verdict: Verdict;
  lifecycle: Lifecycle;
  count: number;
}

/** The selected value of each facet ("none": the blank value); undefined: any. */
export type FacetSelection = Partial<Record<Facet, string>>;

export interface FacetCounts {
  /** Devices matching every selected facet. */
  total: number;
  /** Per facet, per value (blank values as "none"): devices matching the other selected facets. */
  counts: Record<Facet, Record<string, number>>;
}

export function facetValue(combo: FacetCombo, facet: Facet): string {
  switch (facet) {
    case "platform":
      return combo.platform;
    case "clientStatus":
      return combo.clientStatusCode ?? "none";
    case "azureState":
      return combo.azureState ?? "none";
    case "verdict":
      return combo.verdict;
    case "lifecycle":
      return combo.lifecycle;
  }
}

export function facetCounts(combos: readonly FacetCombo[], selection: FacetSelection): FacetCounts {
  const counts = Object.fromEntries(FACETS.map((f) => [f, {} as Record<string, number>])) as Record<Facet, Record<string, number>>;
  let total = 0;
  for (const combo of combos) {
    const misses = FACETS.filter((f) => selection[f] !== undefined && selection[f] !== facetValue(combo, f));
    if (misses.length === 0) total += combo.count;
    // A combo counts for a facet's value when it matches every other selected facet.
    for (const facet of FACETS) {
      if (misses.length > 1 || (misses.length === 1 && misses[0] !== facet)) continue;
      const value = facetValue(combo, facet);
      counts[facet][value] = (counts[facet][value] ?? 0) + combo.count;
    }
  }
  return { total, counts };
}
