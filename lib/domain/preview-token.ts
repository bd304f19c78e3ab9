import { createHash } from "node:crypto";
import { stableJson } from "./stable-json";

/**
 * Ties a save (or a delete) to the impact preview the admin saw: a digest of what was
 * previewed, i.e. the policy id, the version the preview was computed against (the stored
 * policy's updatedAt, so a save after someone else's edit is refused) and the draft. Not a
 * secret: it makes sure an admin saves exactly what was previewed, nothing else.
 */
export function previewToken(previewed: { policyId: string | null; version: string | null; change: unknown }): string {
  return createHash("sha256").update(stableJson(previewed)).digest("hex").slice(0, 32);
}
