import type { PrismaClient } from "@prisma/client";
import { toPolicyInputs } from "../checkins/policies";
import { listPolicies } from "../db/policies";
import { evaluationPage } from "../db/policy-reevaluations";
import { affectedPlatforms, emptyImpact, policiesAfter, tallyImpact, type PolicyChange, type PolicyImpact } from "../domain/policy-impact";
import type { Platform } from "../domain/types";

export interface ImpactPreview extends PolicyImpact {
  /** The platforms whose devices saving re-evaluates (empty: the change decides no verdict). */
  platforms: Platform[];
  /** When the preview was computed, and how long it took. */
  at: string;
  ms: number;
}

/** Devices read per query: bounded memory for any fleet size. */
export const PREVIEW_PAGE = 5000;

/**
 * What saving `change` would do: every device that saving re-evaluates (the affected
 * platforms' devices that are not retired, lib/db/policy-reevaluations.ts) is evaluated
 * against the policies as they would be, and compared with its stored verdict, exactly as
 * the re-evaluation compares it (lib/domain/policy-impact.ts). Reads only.
 */
export async function previewPolicyChange(prisma: PrismaClient, change: PolicyChange, now: Date = new Date(), pageSize = PREVIEW_PAGE): Promise<ImpactPreview> {
  const started = performance.now();
  const platforms = affectedPlatforms(change);
  const impact = emptyImpact();
  if (platforms.length > 0) {
    // Every stored policy, enabled or not, in evaluation order: disabled ones apply to no device.
    const { policies: current } = toPolicyInputs(await listPolicies(prisma));
    const policies = policiesAfter(current, change);
    let cursor: string | null = null;
    for (;;) {
      const page = await evaluationPage(prisma, platforms, cursor, pageSize, { lock: false });
      tallyImpact(impact, page, policies, now);
      if (page.length < pageSize) break;
      cursor = page[page.length - 1]!.id;
    }
  }
  return { ...impact, platforms, at: now.toISOString(), ms: Math.round(performance.now() - started) };
}
