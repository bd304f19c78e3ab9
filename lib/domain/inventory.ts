/**
 * A device's inventory and its fingerprint (Device.inventoryFingerprint). A changed
 * fingerprint fires the "inventory changed" report trigger, so it must cover exactly what
 * is sent to Microsoft (report-payload.ts): nothing less, or a change would go unreported;
 * nothing more, or devices would be re-reported for changes Microsoft never sees.
 */
import { createHash } from "node:crypto";
import type { Platform } from "./types";

export interface DeviceInventory {
  name: string;
  platform: Platform;
  manufacturer: string;
  model: string;
  osVersion: string;
  serialNumber: string;
  ownerUpn: string;
  azureDeviceId: string | null;
  /** Kept by the MDM but not sent to Microsoft, hence not fingerprinted. */
  udid?: string | null;
  /** Kept by the MDM but not sent to Microsoft, hence not fingerprinted. */
  imei?: string | null;
}

/** The inventory Microsoft is sent, picked from a device row (or anything with those fields). */
export function sentInventory(d: Pick<DeviceInventory, (typeof FINGERPRINTED_FIELDS)[number]>): DeviceInventory {
  return {
    name: d.name,
    platform: d.platform,
    manufacturer: d.manufacturer,
    model: d.model,
    osVersion: d.osVersion,
    serialNumber: d.serialNumber,
    ownerUpn: d.ownerUpn,
    azureDeviceId: d.azureDeviceId,
  };
}

/**
 * The fingerprinted fields: the inventory that reaches Microsoft (DeviceName, Os, Vendor,
 * Model, OsVersion, SerialNumber, UPN and the UserId resolved from it, DeviceId).
 * lastCheckInAt is deliberately absent: it changes at every check-in.
 */
export const FINGERPRINTED_FIELDS = [
  "azureDeviceId",
  "manufacturer",
  "model",
  "name",
  "osVersion",
  "ownerUpn",
  "platform",
  "serialNumber",
] as const satisfies readonly (keyof DeviceInventory)[];

/** Bump when FINGERPRINTED_FIELDS or the serialisation changes: every device is then re-reported once. */
const FINGERPRINT_VERSION = "inventory-v1";

/**
 * sha256 (hex) of a canonical serialisation: fields in a fixed sorted order, whatever the key
 * order of the input object, and a missing azureDeviceId read as null.
 */
export function inventoryFingerprint(inventory: DeviceInventory): string {
  const canonical = FINGERPRINTED_FIELDS.map((field) => [field, inventory[field] ?? null]);
  return createHash("sha256").update(`${FINGERPRINT_VERSION}\n${JSON.stringify(canonical)}`).digest("hex");
}
