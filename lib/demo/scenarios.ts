/**
 * What kind of device each demo device is: its client status code, the policy action its
 * facts should make win, its lifecycle and how its latest report ended. Most devices draw
 * this at random with realistic weights; a short list of forced scenarios, spread evenly
 * over the fleet, makes every status, action, state and blank-time reason appear even in a
 * fleet of 50.
 */
import { CLIENT_STATUS_CODES, type ClientStatusCode, type PolicyAction } from "../domain/types";
import type { Random } from "./random";

/** How the device's latest report (or its absence) looks. Only for active devices with an Azure device ID. */
export type Delivery =
  | "completed"
  /** Enrolled minutes ago: its first report is queued (blank time: data received, Microsoft not called yet). */
  | "queued-new"
  | "queued"
  | "sending"
  | "accepted"
  /** Queued again after a 429, waiting for Retry-After. */
  | "retrying"
  /** Enrolled recently; Microsoft rejected its first report: the device id is unknown in the tenant (400). */
  | "failed-invalid-device"
  /** Gave up after repeated 429 answers. */
  | "failed-throttled"
  /** Accepted, then the status poll said Failed. */
  | "failed-poll";

export type RetireOutcome = "retired" | "in-flight" | "failed";

export interface Scenario {
  /** null: enrolled moments ago, no client status yet, never reported. */
  clientStatus: ClientStatusCode | null;
  /** The action the device's facts should make win; null = compliant with every policy. */
  target: PolicyAction | null;
  /** How the device is being (or was) retired: by the RETIRE policy action or by an admin. */
  retire: null | { by: "policy" | "admin"; outcome: RetireOutcome };
  delivery: Delivery;
  /** A person pressed Resync on it in the past weeks (twice in a row when doubled: the first is superseded). */
  resync: null | "once" | "twice";
  /** Became non-compliant inside the report history (forced on one device so every trigger shows). */
  complianceChange?: boolean;
}

const base = (over: Partial<Scenario>): Scenario => ({
  clientStatus: "Success",
  target: null,
  retire: null,
  delivery: "completed",
  resync: null,
  ...over,
});

const NOT_SUCCESS: readonly ClientStatusCode[] = CLIENT_STATUS_CODES.filter((code) => code !== "Success");

/** In priority order: a small fleet gets the first ones. */
export const FORCED_SCENARIOS: readonly Scenario[] = [
  ...NOT_SUCCESS.map((clientStatus) => base({ clientStatus })),
  base({ target: "RETIRE", retire: { by: "policy", outcome: "retired" } }),
  base({ target: "QUARANTINE" }),
  base({ target: "BLOCK_EMAIL", complianceChange: true }),
  base({ target: "BLOCK_APPCONNECT" }),
  base({ target: "SEND_ALERT" }),
  base({ clientStatus: null }),
  base({ delivery: "queued-new" }),
  base({ delivery: "failed-invalid-device" }),
  base({ target: "RETIRE", retire: { by: "policy", outcome: "in-flight" } }),
  base({ retire: { by: "admin", outcome: "retired" } }),
  base({ delivery: "failed-throttled" }),
  base({ delivery: "accepted" }),
  base({ delivery: "sending" }),
  base({ resync: "twice" }),
  ...NOT_SUCCESS.map((clientStatus) => base({ clientStatus, resync: clientStatus === "Interaction_Required" ? "once" : null })),
  base({ target: "RETIRE", retire: { by: "policy", outcome: "failed" } }),
  base({ target: "QUARANTINE", resync: "once" }),
  base({ target: "BLOCK_EMAIL" }),
  base({ target: "BLOCK_APPCONNECT" }),
  base({ target: "SEND_ALERT" }),
  base({ clientStatus: null }),
  base({ delivery: "queued-new" }),
  base({ delivery: "failed-poll" }),
  base({ delivery: "retrying" }),
  base({ delivery: "queued" }),
  base({ retire: { by: "admin", outcome: "in-flight" } }),
];

const CLIENT_STATUS_WEIGHTS: readonly (readonly [ClientStatusCode | null, number])[] = [
  ["Success", 80],
  [null, 0.7],
  ["Internal_Error", 2],
  ["Workplace_Join_Required", 5],
  ["Interaction_Required", 4],
  ["Server_Declined_Scopes", 1.3],
  ["Server_Protection_Policies_Required", 2],
  ["User_Canceled", 2.8],
  ["Account_logged_out", 2.2],
];

const TARGET_WEIGHTS: readonly (readonly [PolicyAction | null, number])[] = [
  [null, 71],
  ["SEND_ALERT", 6],
  ["BLOCK_EMAIL", 7],
  ["BLOCK_APPCONNECT", 4],
  ["QUARANTINE", 10],
  ["RETIRE", 2],
];

const DELIVERY_WEIGHTS: readonly (readonly [Delivery, number])[] = [
  ["completed", 93],
  ["queued-new", 0.8],
  ["queued", 1.2],
  ["sending", 0.5],
  ["accepted", 1],
  ["retrying", 0.5],
  ["failed-invalid-device", 1.2],
  ["failed-throttled", 1],
  ["failed-poll", 0.8],
];

const RETIRE_OUTCOMES: readonly (readonly [RetireOutcome, number])[] = [
  ["retired", 80],
  ["in-flight", 12],
  ["failed", 8],
];

export function randomScenario(r: Random): Scenario {
  const clientStatus = r.weighted(CLIENT_STATUS_WEIGHTS);
  let target = r.weighted(TARGET_WEIGHTS);
  // Retiring needs an Azure device ID to remove; devices without one are not given the jailbreak profile.
  if (target === "RETIRE" && clientStatus !== "Success") target = null;
  if (clientStatus === null) return base({ clientStatus, target: target === "SEND_ALERT" ? null : target });

  let retire: Scenario["retire"] = null;
  if (target === "RETIRE") retire = { by: "policy", outcome: r.weighted(RETIRE_OUTCOMES) };
  // An admin retires a device that still checks in, so it cannot be the stale one the alert is about.
  else if (clientStatus === "Success" && target !== "SEND_ALERT" && r.chance(0.02)) {
    retire = { by: "admin", outcome: r.weighted(RETIRE_OUTCOMES) };
  }

  let delivery = clientStatus === "Success" && retire === null ? r.weighted(DELIVERY_WEIGHTS) : "completed";
  // Devices enrolled minutes or hours ago cannot have been silent for a month.
  if (target === "SEND_ALERT" && (delivery === "queued-new" || delivery === "failed-invalid-device")) delivery = "completed";
  const resyncChance = clientStatus === "Success" ? 0.03 : 0.2;
  const resync = r.chance(resyncChance) ? (r.chance(0.15) ? "twice" : "once") : null;
  return { clientStatus, target, retire, delivery, resync };
}

/** Positions of the forced scenarios in a fleet of `devices`, spread evenly. */
export function forcedPositions(devices: number): Map<number, Scenario> {
  const count = Math.min(devices, FORCED_SCENARIOS.length);
  const positions = new Map<number, Scenario>();
  for (let j = 0; j < count; j++) {
    positions.set(Math.floor((j * devices) / count), FORCED_SCENARIOS[j]!);
  }
  return positions;
}
