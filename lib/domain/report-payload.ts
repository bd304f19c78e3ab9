/**
 * What one device report sends to Microsoft (intune-protocol.md, "Device report"): an
 * inventory entity (EntityType 1) and a compliance entity (EntityType 4), and the
 * DataUploadMessages body that carries them. The HTTP client sends these as built here.
 */
import type { DeviceInventory } from "./inventory";
import type { ComplianceStatus, ManagementState, Platform } from "./types";

/** 0 activated, 1 deactivated (retired), 2 unresponsive. */
export type DeviceEntityState = 0 | 1 | 2;

export interface InventoryEntity {
  EntityType: 1;
  TenantId: string;
  DeviceId: string;
  DeviceName: string;
  UserId: string;
  DeviceManagementState: ManagementState;
  LastCheckInTime: string;
  LastUpdateTime: string;
  Os: "iOS" | "Android";
  OsVersion: string;
  EasIds: string[];
  State: DeviceEntityState;
  SerialNumber: string;
  Model: string;
  Vendor: string;
  UPN: string;
}

export interface ComplianceEntity {
  EntityType: 4;
  TenantId: string;
  DeviceId: string;
  UserId: string;
  LastUpdateTime: string;
  complianceStatus: ComplianceStatus;
}

export interface DeviceEntitiesInput {
  tenantId: string;
  /** The Entra device ID sent as DeviceId (inventory.azureDeviceId is not read). */
  azureDeviceId: string;
  /** Entra user object id, resolved from inventory.ownerUpn. */
  userId: string;
  inventory: DeviceInventory;
  lastCheckInAt: Date;
  /** Orders the device's messages: Microsoft ignores one older than what it already has. */
  lastUpdateTime: Date;
  complianceStatus: ComplianceStatus;
  managementState: ManagementState;
  /** The caller's judgement that the device stopped checking in; sends State 2. Ignored when retiring. */
  unresponsive?: boolean;
}

const OS_NAMES: Record<Platform, InventoryEntity["Os"]> = { IOS: "iOS", ANDROID: "Android" };

export function buildDeviceEntities(input: DeviceEntitiesInput): [InventoryEntity, ComplianceEntity] {
  const { inventory } = input;
  // Retire [inferred in the protocol]: notManaged + State 1 + notCompliant makes Entra stop
  // treating the device as managed; a retired device is never reported compliant.
  const retiring = input.managementState === "notManaged";
  const lastUpdateTime = input.lastUpdateTime.toISOString();
  const state: DeviceEntityState = retiring ? 1 : input.unresponsive ? 2 : 0;

  const inventoryEntity: InventoryEntity = {
    EntityType: 1,
    TenantId: input.tenantId,
    DeviceId: input.azureDeviceId,
    DeviceName: inventory.name,
    UserId: input.userId,
    DeviceManagementState: input.managementState,
    LastCheckInTime: input.lastCheckInAt.toISOString(),
    LastUpdateTime: lastUpdateTime,
    Os: OS_NAMES[inventory.platform],
    OsVersion: inventory.osVersion,
    // Required by Microsoft even though mobile partners have no Exchange ActiveSync ids to give.
    EasIds: [],
    State: state,
    SerialNumber: inventory.serialNumber,
    Model: inventory.model,
    Vendor: inventory.manufacturer,
    UPN: inventory.ownerUpn,
  };
  const complianceEntity: ComplianceEntity = {
    EntityType: 4,
    TenantId: input.tenantId,
    DeviceId: input.azureDeviceId,
    UserId: input.userId,
    LastUpdateTime: lastUpdateTime,
    complianceStatus: retiring ? "notCompliant" : input.complianceStatus,
  };
  return [inventoryEntity, complianceEntity];
}

/** Body of `PUT {base}/DataUploadMessages(guid'{messageId}')`: Content is a JSON *string*. */
export interface DataUploadMessageBody {
  TenantId: string;
  UploadTime: string;
  Content: string;
}

export function buildDataUploadMessage(input: {
  tenantId: string;
  uploadTime: Date;
  entities: ReadonlyArray<InventoryEntity | ComplianceEntity>;
}): DataUploadMessageBody {
  return {
    TenantId: input.tenantId,
    UploadTime: input.uploadTime.toISOString(),
    Content: JSON.stringify(input.entities),
  };
}
