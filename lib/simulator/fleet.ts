/**
 * The simulated fleet: devices with an owner, a model, an OS, apps and a Microsoft sign-in
 * state, each following a scenario seen in real fleets. Each check-in advances the device's
 * story: users who cancel the sign-in and finish it later, devices that need a workplace join
 * and get it, OS updates (inventory changes), passcodes removed and set again (compliance
 * changes), a few jailbreaks. Pure: the same seed gives the same fleet and the same stories.
 */
import { BASE_APPS, DEVICE_MODELS, deviceName, imei, OPTIONAL_APPS, ownerAt, osVersionsFor, RUGGED_APPS, serialNumber, udid, type DeviceModel } from "../demo/catalog";
import { MIN_OS } from "../demo/fixtures";
import { createRandom, type Random } from "../demo/random";
import type { CheckInBody, EnrollmentBody } from "../domain/check-in";
import type { ClientStatusCode } from "../domain/types";

export const SCENARIOS = ["steady", "cancelsSignIn", "needsWorkplaceJoin", "interactionRequired", "updatesOs", "removesPasscode", "jailbreaks"] as const;
export type Scenario = (typeof SCENARIOS)[number];

const SCENARIO_WEIGHTS: readonly (readonly [Scenario, number])[] = [
  ["steady", 50],
  ["cancelsSignIn", 10],
  ["needsWorkplaceJoin", 8],
  ["interactionRequired", 7],
  ["updatesOs", 14],
  ["removesPasscode", 9],
  ["jailbreaks", 2],
];

export interface SimulatedDevice {
  index: number;
  scenario: Scenario;
  model: DeviceModel;
  inventory: EnrollmentBody["inventory"];
  compliance: EnrollmentBody["compliance"];
  azure: { deviceId: string | null; clientStatusCode: ClientStatusCode };
  /** Check-ins made so far; the scenario's event happens at `eventAt`, its undoing at `recoverAt`. */
  checkIns: number;
  eventAt: number;
  recoverAt: number;
  random: Random;
  /** Set by the runner once enrolled. */
  id?: string;
  token?: string;
  retired: boolean;
}

export function createDevice(index: number, seed: number): SimulatedDevice {
  const r = createRandom(seed * 1_000_003 + index);
  const model = r.weighted(DEVICE_MODELS.map((m) => [m, m.weight] as const));
  const owner = ownerAt(index);
  const minimum = MIN_OS[model.platform];
  const versions = osVersionsFor(model, { below: false, version: minimum });
  const osVersion = r.weighted(versions.length ? versions : osVersionsFor(model));
  const scenario = r.weighted(SCENARIO_WEIGHTS);
  const apps = [...BASE_APPS[model.platform], ...OPTIONAL_APPS[model.platform].filter(() => r.chance(0.3)), ...(model.kind === "rugged" ? RUGGED_APPS : [])];
  const noIdYet = scenario === "cancelsSignIn" || scenario === "needsWorkplaceJoin";
  const eventAt = r.int(1, 4);
  const id = udid(r, model);
  return {
    index,
    scenario,
    model,
    inventory: {
      name: deviceName(r, model, owner, index),
      manufacturer: model.manufacturer,
      model: model.model,
      osVersion,
      serialNumber: serialNumber(r, model.serial),
      ownerUpn: owner.upn,
      ...(id ? { udid: id } : {}),
      ...(model.cellular ? { imei: imei(r) } : {}),
    },
    compliance: { passcodeSet: true, encrypted: true, jailbroken: false, installedApps: apps },
    azure: noIdYet ? { deviceId: null, clientStatusCode: scenario === "cancelsSignIn" ? "User_Canceled" : "Workplace_Join_Required" } : { deviceId: r.uuid(), clientStatusCode: "Success" },
    checkIns: 0,
    eventAt,
    recoverAt: eventAt + r.int(1, 4),
    random: r,
    retired: false,
  };
}

export function createFleet(count: number, seed: number): SimulatedDevice[] {
  return Array.from({ length: count }, (_, i) => createDevice(i, seed));
}

export function enrollmentOf(d: SimulatedDevice): EnrollmentBody {
  return { platform: d.model.platform, inventory: { ...d.inventory }, compliance: { ...d.compliance, installedApps: [...d.compliance.installedApps] }, azure: { ...d.azure } };
}

/** The next OS version: a newer release the model runs, else a patch on top of the current one. */
function updatedOs(d: SimulatedDevice): string {
  const newer = osVersionsFor(d.model).map(([v]) => v).filter((v) => compare(v, d.inventory.osVersion) > 0);
  if (newer.length) return newer[0]!;
  const parts = d.inventory.osVersion.split(".").map(Number);
  while (parts.length < 3) parts.push(0);
  parts[parts.length - 1]! += 1;
  return parts.join(".");
}

function compare(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Advances the device's story by one check-in; returns the body to send and what happened. */
export function nextCheckIn(d: SimulatedDevice): { body: CheckInBody; events: string[] } {
  const r = d.random;
  d.checkIns += 1;
  const k = d.checkIns;
  const events: string[] = [];
  switch (d.scenario) {
    case "cancelsSignIn":
      if (k === d.eventAt) {
        d.azure = { deviceId: r.uuid(), clientStatusCode: "Success" };
        events.push("sign-in finished after User_Canceled");
      }
      break;
    case "needsWorkplaceJoin":
      if (k === d.eventAt) {
        d.azure = { deviceId: r.uuid(), clientStatusCode: "Success" };
        events.push("workplace joined");
      }
      break;
    case "interactionRequired":
      if (k === d.eventAt) {
        d.azure = { ...d.azure, clientStatusCode: "Interaction_Required" };
        events.push("interaction required");
      } else if (k === d.recoverAt) {
        d.azure = { ...d.azure, clientStatusCode: "Success" };
        events.push("signed in again");
      }
      break;
    case "updatesOs":
      if (k === d.eventAt) {
        d.inventory = { ...d.inventory, osVersion: updatedOs(d) };
        events.push("OS updated");
      }
      break;
    case "removesPasscode":
      if (k === d.eventAt) {
        d.compliance = { ...d.compliance, passcodeSet: false };
        events.push("passcode removed");
      } else if (k === d.recoverAt) {
        d.compliance = { ...d.compliance, passcodeSet: true };
        events.push("passcode set again");
      }
      break;
    case "jailbreaks":
      if (k === d.eventAt) {
        d.compliance = { ...d.compliance, jailbroken: true };
        events.push("jailbroken");
      }
      break;
    case "steady":
      break;
  }
  // Now and then anyone installs or removes an app: compliance facts change, the verdict does not.
  if (r.chance(0.05)) {
    const optional = OPTIONAL_APPS[d.model.platform];
    const app = r.pick(optional);
    const apps = d.compliance.installedApps;
    d.compliance = { ...d.compliance, installedApps: apps.includes(app) ? apps.filter((a) => a !== app) : [...apps, app] };
    events.push("apps changed");
  }
  return {
    body: { checkInId: r.uuid(), inventory: { ...d.inventory }, compliance: { ...d.compliance, installedApps: [...d.compliance.installedApps] }, azure: { ...d.azure } },
    events,
  };
}
