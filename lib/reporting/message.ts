/**
 * What one report sends, rebuilt from what the report row keeps: the snapshot taken when it
 * was queued (or, for rows that predate snapshots, the entities recorded on it, or the device
 * as it is now). After the first attempt the exact entities and UploadTime are kept on the row,
 * so a retry PUTs a byte-identical body under the same message id (the PUT is idempotent).
 */
import type { DeviceReport } from "../intune";
import { sentInventory } from "../domain/inventory";
import type { ComplianceEntity, InventoryEntity } from "../domain/report-payload";
import type { ClaimedReport, ReportPayload, ReportSnapshot } from "../db/reports";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A device that has not checked in for this long is sent as unresponsive (State 2). */
export const UNRESPONSIVE_AFTER_MS = 30 * DAY_MS;

export function readPayload(value: unknown): ReportPayload {
  const p = (value ?? {}) as Partial<ReportPayload>;
  return { entities: Array.isArray(p.entities) ? p.entities : null, uploadTime: p.uploadTime, snapshot: p.snapshot };
}

/** The report input (without user id) for a claimed report. */
export function deviceReportFor(report: ClaimedReport, now: Date): Omit<DeviceReport, "userId"> & { ownerUpn: string } {
  const payload = readPayload(report.payload);
  const d = report.device;
  const snapshot: ReportSnapshot = payload.snapshot ?? { inventory: sentInventory(d), lastCheckInAt: d.lastCheckInAt.toISOString() };
  const lastCheckInAt = new Date(snapshot.lastCheckInAt);
  return {
    ownerUpn: snapshot.inventory.ownerUpn,
    // The device's current ID: a report is only sent for a device that has one.
    azureDeviceId: d.azureDeviceId ?? snapshot.inventory.azureDeviceId ?? "",
    inventory: snapshot.inventory,
    lastCheckInAt,
    lastUpdateTime: report.lastUpdateTime,
    complianceStatus: report.complianceStatus,
    managementState: report.managementState,
    unresponsive: now.getTime() - lastCheckInAt.getTime() > UNRESPONSIVE_AFTER_MS,
  };
}

/** The DeviceReport that builds exactly these entities again (the inverse of buildDeviceEntities). */
export function deviceReportFromEntities(entities: unknown[]): DeviceReport {
  const inv = entities.find((e) => (e as { EntityType?: number }).EntityType === 1) as InventoryEntity;
  const comp = entities.find((e) => (e as { EntityType?: number }).EntityType === 4) as ComplianceEntity;
  return {
    azureDeviceId: inv.DeviceId,
    userId: inv.UserId,
    inventory: {
      name: inv.DeviceName,
      platform: inv.Os === "iOS" ? "IOS" : "ANDROID",
      manufacturer: inv.Vendor,
      model: inv.Model,
      osVersion: inv.OsVersion,
      serialNumber: inv.SerialNumber,
      ownerUpn: inv.UPN,
      azureDeviceId: inv.DeviceId,
    },
    lastCheckInAt: new Date(inv.LastCheckInTime),
    lastUpdateTime: new Date(inv.LastUpdateTime),
    complianceStatus: comp.complianceStatus,
    managementState: inv.DeviceManagementState,
    unresponsive: inv.State === 2,
  };
}
