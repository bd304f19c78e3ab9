/**
 * What the emulated Microsoft remembers: provisioned tenants, partner compliance policies,
 * received DataUploadMessages, and each device as Entra ID sees it. Messages are processed
 * asynchronously like Microsoft's: accepted as Pending, then Completed (applied to the
 * device, unless older than what the device already has: LastUpdateTime ordering) or
 * Failed once their completion time passes. Processing happens lazily on every read, so
 * no timer runs and tests with an injected clock are exact.
 */
import type { MessageEntity } from "../protocol";

export interface StoredMessage {
  messageId: string;
  tenantId: string;
  appId: string;
  receivedAt: string;
  uploadTime: string;
  deviceIds: string[];
  entities: MessageEntity[];
  status: "Pending" | "Completed" | "Failed";
  errorCode: string | null;
  errorDetail: string | null;
  /** Devices whose entities were older than Entra's state and so ignored. */
  ignoredDeviceIds: string[];
  /** Internal: when processing ends and whether it fails. */
  completeAt: number;
  willFail: boolean;
  bodyHash: string;
}

/** A device as Graph's /devices would show it, plus what the partner last sent. */
export interface EmulatedDevice {
  tenantId: string;
  /** Entra object id (not the device ID). */
  id: string;
  deviceId: string;
  displayName: string;
  isCompliant: boolean | null;
  isManaged: boolean;
  operatingSystem: string;
  operatingSystemVersion: string;
  userId: string;
  approximateLastSignInDateTime: string;
  /** LastUpdateTime of the newest applied entity. */
  lastUpdateTime: string;
  /** Inventory State: 0 activated, 1 deactivated, 2 unresponsive. */
  state: number;
  lastMessageId: string;
  updatedAt: string;
}

export interface StoredPolicy {
  tenantId: string;
  Id: string;
  DisplayName: string;
  Description: string;
  Platform: string;
  PartnerManagedCompliance: true;
  assignments: string[];
}

export class EmulatorState {
  readonly tenants = new Map<string, { provisioned: number; enrollmentUrl?: string; remediationUrl?: string }>();
  readonly policies = new Map<string, StoredPolicy>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly devices = new Map<string, EmulatedDevice>();
  /** Pending messages ordered by completeAt. */
  private pending: StoredMessage[] = [];

  constructor(
    private readonly now: () => number,
    private readonly deviceObjectId: (tenantId: string, deviceId: string) => string,
    private readonly maxMessages = 200_000,
  ) {}

  message(tenantId: string, messageId: string): StoredMessage | undefined {
    this.process();
    return this.messages.get(`${tenantId}/${messageId.toLowerCase()}`);
  }

  accept(message: StoredMessage) {
    this.process();
    this.messages.set(`${message.tenantId}/${message.messageId.toLowerCase()}`, message);
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.completeAt > message.completeAt) i--;
    this.pending.splice(i, 0, message);
    if (this.messages.size > this.maxMessages) this.evictOldest();
  }

  device(tenantId: string, deviceId: string): EmulatedDevice | undefined {
    this.process();
    return this.devices.get(`${tenantId}/${deviceId.toLowerCase()}`);
  }

  allDevices(): EmulatedDevice[] {
    this.process();
    return [...this.devices.values()];
  }

  allMessages(): StoredMessage[] {
    this.process();
    return [...this.messages.values()];
  }

  /** Finishes every message whose processing time has come, oldest first. */
  process() {
    const now = this.now();
    let done = 0;
    while (done < this.pending.length && this.pending[done]!.completeAt <= now) this.finish(this.pending[done++]!);
    if (done) this.pending = this.pending.slice(done);
  }

  reset() {
    this.tenants.clear();
    this.policies.clear();
    this.messages.clear();
    this.devices.clear();
    this.pending = [];
  }

  private finish(m: StoredMessage) {
    if (m.willFail) {
      m.status = "Failed";
      m.errorCode = "ProcessingFailed";
      m.errorDetail = "The message could not be processed. (Emulated failure: fault injection.)";
      return;
    }
    m.status = "Completed";
    for (const entity of m.entities) this.apply(m, entity);
  }

  private apply(m: StoredMessage, e: MessageEntity) {
    const key = `${e.TenantId}/${e.DeviceId.toLowerCase()}`;
    const current = this.devices.get(key);
    // Microsoft ignores an entity older than what it already has for the device.
    if (current && Date.parse(e.LastUpdateTime) < Date.parse(current.lastUpdateTime)) {
      if (!m.ignoredDeviceIds.includes(e.DeviceId)) m.ignoredDeviceIds.push(e.DeviceId);
      return;
    }
    const device: EmulatedDevice = current ?? {
      tenantId: e.TenantId,
      id: this.deviceObjectId(e.TenantId, e.DeviceId),
      deviceId: e.DeviceId,
      displayName: "",
      isCompliant: null,
      isManaged: false,
      operatingSystem: "",
      operatingSystemVersion: "",
      userId: e.UserId,
      approximateLastSignInDateTime: "",
      lastUpdateTime: e.LastUpdateTime,
      state: 0,
      lastMessageId: m.messageId,
      updatedAt: "",
    };
    device.userId = e.UserId;
    device.lastUpdateTime = e.LastUpdateTime;
    device.lastMessageId = m.messageId;
    device.updatedAt = new Date(this.now()).toISOString();
    if (e.EntityType === 1) {
      device.displayName = e.DeviceName;
      device.operatingSystem = e.Os;
      device.operatingSystemVersion = e.OsVersion;
      device.state = e.State;
      device.isManaged = e.DeviceManagementState === "managed" && e.State !== 1;
      device.approximateLastSignInDateTime = e.LastCheckInTime;
    } else {
      device.isCompliant = e.complianceStatus === "compliant";
    }
    this.devices.set(key, device);
  }

  private evictOldest() {
    for (const [key, m] of this.messages) {
      if (m.status === "Pending") continue;
      this.messages.delete(key);
      if (this.messages.size <= this.maxMessages) return;
    }
  }
}
