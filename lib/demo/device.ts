/**
 * One demo device before its report history: who owns it, what it is, what it reported
 * about itself (now and, when something changed in the past weeks, before), when it
 * enrolled, checked in and was retired, and how the policies judge it today.
 */
import { evaluateCompliance, type ComplianceResult, type DeviceFacts, type PolicyInput } from "../domain/compliance";
import type { DeviceInventory } from "../domain/inventory";
import type { Platform } from "../domain/types";
import {
  BASE_APPS,
  DEVICE_MODELS,
  FILE_SHARING_APPS,
  OPTIONAL_APPS,
  RUGGED_APPS,
  compareDotted,
  deviceName,
  imei,
  osVersionsFor,
  ownerAt,
  serialNumber,
  udid,
  type DeviceModel,
  type Owner,
} from "./catalog";
import { DAY, HOUR, MINUTE, SECOND, type DemoClock } from "./clock";
import { MIN_OS } from "./fixtures";
import { between, uuidFromName, type Random } from "./random";
import type { Scenario } from "./scenarios";

export interface FleetContext {
  r: Random;
  seed: number;
  devices: number;
  ownerCount: number;
  clock: DemoClock;
  policies: PolicyInput[];
}

export interface DeviceSketch {
  index: number;
  scenario: Scenario;
  id: string;
  azureDeviceId: string | null;
  owner: Owner;
  userId: string;
  model: DeviceModel;
  /** The inventory today (osVersion included). */
  inventory: DeviceInventory;
  udid: string | null;
  imei: string | null;
  facts: DeviceFacts;
  /** What the device reported before `until`, when a change happened inside the report history. */
  previous: { facts: DeviceFacts; until: number } | null;
  enrolledAt: number;
  lastCheckInAt: number;
  clientStatusReportedAt: number | null;
  /** When the retire was decided (policy) or requested (admin). */
  retireAt: number | null;
  /** The latest report of a device whose delivery is in flight or failed recently; null otherwise. */
  finalAt: number | null;
  evaluatedAt: number;
  result: ComplianceResult;
}

const IOS_SHARE = 0.57; // BLOCK_APPCONNECT devices are all Android: ~55% iOS overall

const modelChoices = new Map<string, (readonly [DeviceModel, number])[]>();

function pickModel(r: Random, platform: Platform, belowMinimum: boolean): DeviceModel {
  const key = `${platform}|${belowMinimum}`;
  let choices = modelChoices.get(key);
  if (choices === undefined) {
    choices = DEVICE_MODELS.filter(
      (m) => m.platform === platform && (!belowMinimum || osVersionsFor(m, { below: true, version: MIN_OS[platform] }).length > 0),
    ).map((m) => [m, m.weight] as const);
    modelChoices.set(key, choices);
  }
  return r.weighted(choices);
}

function installedApps(r: Random, model: DeviceModel): string[] {
  const apps = [...BASE_APPS[model.platform]];
  for (const app of OPTIONAL_APPS[model.platform]) if (r.chance(0.35)) apps.push(app);
  if (model.kind === "rugged") apps.push(...RUGGED_APPS);
  if (r.chance(0.06)) apps.push(r.pick(FILE_SHARING_APPS[model.platform]));
  return apps;
}


export function sketchDevice(ctx: FleetContext, index: number, scenario: Scenario): DeviceSketch {
  const { r, clock } = ctx;
  const now = clock.now;
  const { target, retire, delivery, clientStatus } = scenario;

  const platform: Platform = target === "BLOCK_APPCONNECT" ? "ANDROID" : r.chance(IOS_SHARE) ? "IOS" : "ANDROID";
  const quarantine = target === "QUARANTINE";
  const model = pickModel(r, platform, quarantine);
  const osChoices = osVersionsFor(model, { below: quarantine, version: MIN_OS[platform] });
  const osVersion = r.weighted(osChoices);
  const owner = ownerAt(r.int(0, ctx.ownerCount - 1));
  const id = r.uuid();
  const azureDeviceId = clientStatus === "Success" ? r.uuid() : null;
  const inventory: DeviceInventory = {
    name: deviceName(r, model, owner, index),
    platform,
    manufacturer: model.manufacturer,
    model: model.model,
    osVersion,
    serialNumber: serialNumber(r, model.serial),
    ownerUpn: owner.upn,
    azureDeviceId,
  };
  const deviceUdid = udid(r, model);
  const deviceImei = model.cellular ? imei(r) : null;

  // ---- when things happened
  const inFlight = retire === null && (delivery === "queued" || delivery === "sending" || delivery === "accepted" || delivery === "retrying");
  const failsLate = retire === null && (delivery === "failed-throttled" || delivery === "failed-poll");
  const rankTwo = target === "BLOCK_EMAIL" || target === "BLOCK_APPCONNECT" || target === "QUARANTINE";
  // Stale: no check-in for over STALE_DAYS (the alert policy); some non-compliant devices are stale too.
  const stale = target === "SEND_ALERT" || (rankTwo && retire === null && !scenario.complianceChange && r.chance(0.12));
  // Enrolled before the report history starts, so the history has room for what the scenario needs.
  const established = stale || scenario.complianceChange === true || scenario.resync === "twice";
  let enrolledAt: number;
  let lastCheckInAt: number;
  let retireAt: number | null = null;
  let finalAt: number | null = null;

  if (clientStatus === null) {
    enrolledAt = now - between(r, 2 * MINUTE, 3 * HOUR);
    lastCheckInAt = between(r, enrolledAt, now - SECOND);
  } else if (delivery === "queued-new" && retire === null) {
    enrolledAt = now - between(r, 20 * SECOND, 4 * MINUTE);
    lastCheckInAt = enrolledAt + between(r, SECOND, 10 * SECOND);
  } else if (delivery === "failed-invalid-device" && retire === null) {
    enrolledAt = between(r, clock.recentStart, now - 30 * MINUTE);
    lastCheckInAt = Math.max(enrolledAt + MINUTE, now - between(r, 0, 6 * HOUR));
  } else {
    const age = established ? between(r, 60 * DAY, 730 * DAY) : r.chance(0.08) ? between(r, DAY, 35 * DAY) : between(r, 35 * DAY, 730 * DAY);
    enrolledAt = now - age;
    if (retire !== null) {
      const ago =
        retire.outcome === "retired" ? between(r, 6 * HOUR, 28 * DAY) : retire.outcome === "in-flight" ? between(r, 20 * SECOND, 4 * MINUTE) : between(r, DAY, 9 * DAY);
      retireAt = now - ago;
      enrolledAt = Math.min(enrolledAt, retireAt - between(r, 2 * DAY, 400 * DAY));
      lastCheckInAt =
        retire.by === "policy" ? retireAt - between(r, 300, 3 * SECOND) : Math.max(enrolledAt + HOUR, retireAt - between(r, HOUR, 5 * DAY));
    } else {
      // The latest report of these was queued moments ago (in flight) or failed since the last weekly run.
      if (inFlight) finalAt = now - (delivery === "retrying" ? between(r, 60 * SECOND, 150 * SECOND) : between(r, 3 * SECOND, 40 * SECOND));
      else if (failsLate) finalAt = between(r, clock.recentStart, now - 15 * MINUTE);

      if (stale) {
        lastCheckInAt = now - between(r, 32 * DAY, Math.min(150 * DAY, age - DAY));
      } else if (finalAt !== null) {
        // The check-in that brought a change (or the Resync pressed then) queued that report.
        lastCheckInAt = inFlight ? finalAt : between(r, finalAt, now - MINUTE);
      } else {
        const roll = r.next();
        const ago = roll < 0.85 ? Math.floor(r.next() ** 2 * 12 * HOUR) + 30 * SECOND : roll < 0.95 ? between(r, 12 * HOUR, 7 * DAY) : between(r, 7 * DAY, 29 * DAY);
        lastCheckInAt = Math.max(enrolledAt + MINUTE, now - ago);
      }
    }
  }
  const clientStatusReportedAt =
    clientStatus === null ? null : lastCheckInAt - between(r, 0, Math.min(14 * DAY, lastCheckInAt - enrolledAt));

  // ---- what the device reports about itself
  const passcodeSet = target === "BLOCK_EMAIL" ? false : target === "RETIRE" ? !r.chance(0.3) : true;
  const facts: DeviceFacts = {
    platform,
    osVersion,
    passcodeSet,
    // iOS data protection is on exactly when a passcode is set.
    encrypted: platform === "IOS" ? passcodeSet : target !== "BLOCK_APPCONNECT",
    jailbroken: target === "RETIRE",
    installedApps: installedApps(r, model),
    lastCheckInAt: new Date(lastCheckInAt),
  };

  // ---- what it reported before, if that changed inside the report history
  let previous: DeviceSketch["previous"] = null;
  if (target === "RETIRE" && retireAt !== null) {
    previous = { facts: { ...facts, jailbroken: false }, until: retireAt };
  } else if (clientStatus !== null && delivery !== "queued-new") {
    const before = previousFacts(r, facts, model, target, finalAt !== null, scenario.complianceChange === true);
    if (before !== null) {
      const until =
        finalAt ?? between(r, Math.max(clock.historyStart, enrolledAt + HOUR), Math.min(lastCheckInAt, now - 5 * MINUTE, (retireAt ?? now) - HOUR));
      if (until > Math.max(clock.historyStart, enrolledAt + HOUR) && until <= lastCheckInAt) previous = { facts: before, until };
    }
  }

  // ---- today's evaluation
  let evaluatedAt: number;
  if (retire?.by === "policy" && retireAt !== null) evaluatedAt = retireAt;
  else if (retireAt !== null) evaluatedAt = lastCheckInAt + 100;
  else evaluatedAt = Math.min(now, Math.max(lastCheckInAt + 100, clock.nightly));
  const result = evaluateCompliance(facts, ctx.policies, new Date(evaluatedAt));
  if (result.winningAction !== target) {
    throw new Error(`demo generator: device ${index} should make ${target} win, got ${result.winningAction}`);
  }

  return {
    index,
    scenario,
    id,
    azureDeviceId,
    owner,
    userId: uuidFromName(ctx.seed, `entra-user:${owner.upn}`),
    model,
    inventory,
    udid: deviceUdid,
    imei: deviceImei,
    facts,
    previous,
    enrolledAt,
    lastCheckInAt,
    clientStatusReportedAt,
    retireAt,
    finalAt,
    evaluatedAt,
    result,
  };
}

/** Versions of `model` older than `version`, oldest first: split by the policy minimum. */
interface OlderVersions {
  /** On the same side of the minimum as `version`. */
  sameSide: string[];
  belowMinimum: string[];
}
const olderCache = new Map<string, OlderVersions>();

function olderVersions(model: DeviceModel, version: string): OlderVersions {
  const key = `${model.model}|${version}`;
  let cached = olderCache.get(key);
  if (cached === undefined) {
    const min = MIN_OS[model.platform];
    const older = osVersionsFor(model)
      .map(([v]) => v)
      .filter((v) => compareDotted(v, version) < 0);
    const above = compareDotted(version, min) >= 0;
    cached = {
      sameSide: older.filter((v) => compareDotted(v, min) >= 0 === above),
      belowMinimum: older.filter((v) => compareDotted(v, min) < 0),
    };
    olderCache.set(key, cached);
  }
  return cached;
}

/** The same facts on an older OS version (mostly the release just before: people update one step at a time). */
function older(r: Random, facts: DeviceFacts, model: DeviceModel, belowMinimum: boolean): DeviceFacts | null {
  const versions = olderVersions(model, facts.osVersion);
  const fitting = belowMinimum ? versions.belowMinimum : versions.sameSide;
  if (fitting.length === 0) return null;
  return { ...facts, osVersion: fitting[fitting.length - 1 - Math.floor(r.next() * Math.min(2, fitting.length))]! };
}

/** A plausible earlier state: an OS update, a passcode removed or added, encryption turned off. */
function previousFacts(
  r: Random,
  facts: DeviceFacts,
  model: DeviceModel,
  target: Scenario["target"],
  mustChange: boolean,
  complianceChange: boolean,
): DeviceFacts | null {
  const roll = complianceChange ? 0 : r.next();
  switch (target) {
    case "BLOCK_EMAIL":
      return roll < 0.5 ? { ...facts, passcodeSet: true, encrypted: true } : mustChange ? older(r, facts, model, false) : null;
    case "BLOCK_APPCONNECT":
      return roll < 0.4 ? { ...facts, encrypted: true } : mustChange ? older(r, facts, model, false) : null;
    case "QUARANTINE":
      return roll < 0.2 || mustChange ? older(r, facts, model, false) : null;
    default:
      if (roll < 0.12) return older(r, facts, model, true) ?? older(r, facts, model, false);
      if (roll < 0.2) return facts.platform === "IOS" ? { ...facts, passcodeSet: false, encrypted: false } : { ...facts, passcodeSet: false };
      if (roll < 0.45 || mustChange) return older(r, facts, model, false);
      return null;
  }
}
