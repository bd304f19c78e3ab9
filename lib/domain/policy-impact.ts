/**
 * The impact of a policy change, computed before it is saved: each device is evaluated with
 * evaluateCompliance against the policies as they would be, and evaluationTrigger says what
 * saving would report for it. Saving re-evaluates the same devices through the same two
 * functions (lib/reporting/reevaluator.ts -> triggers.ts applyEvaluations), so the preview
 * and what saving does cannot disagree (except for devices that check in meanwhile).
 */
import { evaluateCompliance, type DeviceFacts, type PolicyInput } from "./compliance";
import { evaluationTrigger, type EvaluationTrigger } from "./evaluation-trigger";
import { stableJson } from "./stable-json";
import { PLATFORMS, type Lifecycle, type Platform, type PolicyAction, type Verdict } from "./types";

/** A policy change: a new or edited policy (before is null for a new one), or a deletion. */
export type PolicyChange = { kind: "save"; before: PolicyInput | null; after: PolicyInput } | { kind: "delete"; before: PolicyInput };

/**
 * The policies a device is evaluated against once the change is saved, in evaluation order
 * (creation order: an edited policy keeps its place, a new one comes last).
 */
export function policiesAfter(current: PolicyInput[], change: PolicyChange): PolicyInput[] {
  if (change.kind === "delete") return current.filter((p) => p.id !== change.before.id);
  const index = current.findIndex((p) => p.id === change.after.id);
  if (index < 0) return [...current, change.after];
  return current.map((p, i) => (i === index ? change.after : p));
}

/** What decides verdicts: a change of only the name or description re-evaluates nothing. */
export function evaluationKey(policy: PolicyInput): string {
  return stableJson({
    enabled: policy.enabled,
    platforms: [...policy.platforms].sort(),
    rules: policy.rules,
    actions: [...policy.actions].sort(),
  });
}

/**
 * The platforms whose devices a change may affect: those the policy targets while enabled,
 * before or after. Empty when nothing that decides a verdict changed.
 */
export function affectedPlatforms(change: PolicyChange): Platform[] {
  const before = change.before;
  const after = change.kind === "save" ? change.after : null;
  if (before && after && evaluationKey(before) === evaluationKey(after)) return [];
  const targeted = new Set<Platform>();
  for (const p of [before, after]) if (p?.enabled) for (const platform of p.platforms) targeted.add(platform);
  return PLATFORMS.filter((p) => targeted.has(p));
}

/** A device as the preview needs it: its facts, what was last decided and sent, and its names. */
export interface ImpactDevice extends DeviceFacts {
  id: string;
  name: string;
  ownerUpn: string;
  verdict: Verdict;
  lifecycle: Lifecycle;
  azureDeviceId: string | null;
}

export interface ImpactSample {
  deviceId: string;
  name: string;
  ownerUpn: string;
  platform: Platform;
  osVersion: string;
  from: Verdict;
  to: Verdict;
  trigger: EvaluationTrigger;
  winningAction: PolicyAction | null;
  /** Names of the policies that decided the new verdict. */
  decidedBy: string[];
  /** The report would be kept but not sent: the device has no Azure device ID. */
  notSent: boolean;
}

export interface PolicyImpact {
  /** Devices evaluated (every device of the affected platforms). */
  evaluated: number;
  /** Verdict changes reported as COMPLIANCE_CHANGE, each way. */
  toNotCompliant: number;
  toCompliant: number;
  /** Active devices the change would retire (a RETIRE report each). */
  retired: number;
  /** Reports saving would queue, by trigger. */
  reports: Record<EvaluationTrigger, number>;
  /** Of those, reports kept but not sent to Microsoft (no Azure device ID). */
  notSent: number;
  /** The first devices that would change, in the order evaluated (device id). */
  sample: ImpactSample[];
}

export const IMPACT_SAMPLE_SIZE = 10;

export function emptyImpact(): PolicyImpact {
  return { evaluated: 0, toNotCompliant: 0, toCompliant: 0, retired: 0, reports: { COMPLIANCE_CHANGE: 0, RETIRE: 0 }, notSent: 0, sample: [] };
}

/** Adds a batch of devices to the impact (devices are streamed in batches; the tally is the same however they are cut). */
export function tallyImpact(impact: PolicyImpact, devices: ImpactDevice[], policies: PolicyInput[], now: Date, sampleSize = IMPACT_SAMPLE_SIZE): PolicyImpact {
  const names = new Map(policies.map((p) => [p.id, p.name]));
  for (const device of devices) {
    impact.evaluated += 1;
    const result = evaluateCompliance(device, policies, now);
    const trigger = evaluationTrigger(device, result);
    if (trigger === null) continue;
    impact.reports[trigger] += 1;
    if (trigger === "RETIRE") impact.retired += 1;
    else if (result.verdict === "NOT_COMPLIANT") impact.toNotCompliant += 1;
    else impact.toCompliant += 1;
    const notSent = device.azureDeviceId === null;
    if (notSent) impact.notSent += 1;
    if (impact.sample.length < sampleSize) {
      impact.sample.push({
        deviceId: device.id,
        name: device.name,
        ownerUpn: device.ownerUpn,
        platform: device.platform,
        osVersion: device.osVersion,
        from: device.verdict,
        to: result.verdict,
        trigger,
        winningAction: result.winningAction,
        decidedBy: result.decidedBy.map((id) => names.get(id) ?? id),
        notSent,
      });
    }
  }
  return impact;
}
