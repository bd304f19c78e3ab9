/**
 * Deterministic GUIDs for the emulator's own objects (service principal, users, device
 * object ids): the same input always yields the same id, across restarts and processes.
 */
import { createHash } from "node:crypto";

export function stableUuid(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest();
  h[6] = (h[6]! & 0x0f) | 0x40; // version 4 layout, so strict UUID validators accept it
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
