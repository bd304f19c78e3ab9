import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { insertApiKey, type ApiKeyRow } from "../db/api-keys";
import { newApiKey } from "./api-credentials";

/**
 * API keys as the settings page manages them (ADMIN, "apikeys.manage"): created with a name,
 * shown once, listed by prefix, revoked. The actions (app/settings/api-keys/actions.ts) check
 * the permission and audit; this creates the key.
 */
export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}\p{Cs}]*$/u);

/** What the API-key forms show after an action. Texts already translated; `key` only right after creation. */
export interface ApiKeyActionResult {
  ok?: boolean;
  message?: string;
  key?: string;
  prefix?: string;
  fieldErrors?: Record<string, string>;
}

export async function createApiKey(prisma: PrismaClient, input: { name: string; createdBy: string }): Promise<{ key: string; row: ApiKeyRow }> {
  const { key, prefix, hash } = newApiKey();
  const row = await insertApiKey(prisma, { name: input.name, prefix, hash, createdBy: input.createdBy });
  return { key, row };
}
