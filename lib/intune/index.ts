/**
 * lib/intune's public surface: the runtime (mode + client + emulator inspection), the
 * client, its one error type and the protocol types callers see. The emulator itself is
 * reached through the runtime or lib/intune/emulator/server.ts (tests, scripts).
 */
export { intune, openIntune, type IntuneRuntime } from "./runtime";
export { createIntuneClient, type DeviceReport, type IntuneClient, type MessageOutcome } from "./client";
export { configuredConnection, emulatedConnection, EMULATOR_CLIENT_ID, EMULATOR_TENANT_ID, type IntuneConnection } from "./config";
export { IntuneError, isIntuneError, type IntuneErrorKind } from "./errors";
export type { EntraDevice, MessageStatus, PartnerTenantResponse } from "./protocol";
export type { EmulatorControl, EmulatorInspection, InspectedMessage } from "./emulator/inspection";
export type { EmulatedDevice } from "./emulator/state";
