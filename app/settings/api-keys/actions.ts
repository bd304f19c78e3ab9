"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { apiKeyNameSchema, createApiKey, type ApiKeyActionResult } from "@/lib/auth/api-keys";
import { requirePermission } from "@/lib/auth/guard";
import { clientAddress } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { revokeApiKey } from "@/lib/db/api-keys";
import { formFields } from "@/lib/form-data";
import { getTranslator } from "@/lib/i18n/server";

// The settings page's API-key forms: each checks apikeys.manage first, validates, acts, audits.

export async function createApiKeyAction(_prev: ApiKeyActionResult, formData: FormData): Promise<ApiKeyActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("apikeys.manage");
  const { t } = await getTranslator();
  const name = apiKeyNameSchema.safeParse(String(formData.get("name") ?? ""));
  if (!name.success) return { ok: false, message: t("apiKeys.nameInvalid"), fieldErrors: { name: t("apiKeys.nameInvalid") } };
  const { key, row } = await createApiKey(await prisma(), { name: name.data, createdBy: user.email });
  await recordAudit({ actor: user, action: "apikey.create", target: { type: "apikey", id: row.id }, after: { name: row.name, prefix: row.prefix }, ip: await clientAddress() });
  revalidatePath("/settings");
  return { ok: true, message: t("apiKeys.created"), key, prefix: row.prefix };
}

export async function revokeApiKeyAction(_prev: ApiKeyActionResult, formData: FormData): Promise<ApiKeyActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("apikeys.manage");
  const { t } = await getTranslator();
  const id = z.uuid().safeParse(formData.get("id"));
  if (!id.success) return { ok: false, message: t("apiKeys.notFound") };
  const changed = await revokeApiKey(await prisma(), id.data, new Date());
  if (!changed) return { ok: false, message: t("apiKeys.notFound") };
  const { before, after } = changed;
  if (before.revokedAt) return { ok: true, message: t("apiKeys.alreadyRevoked", { prefix: before.prefix }) };
  await recordAudit({
    actor: user,
    action: "apikey.revoke",
    target: { type: "apikey", id: after.id },
    before: { name: before.name, prefix: before.prefix, revokedAt: null },
    after: { name: after.name, prefix: after.prefix, revokedAt: after.revokedAt?.toISOString() ?? null },
    ip: await clientAddress(),
  });
  revalidatePath("/settings");
  return { ok: true, message: t("apiKeys.revokedOk", { prefix: after.prefix }) };
}
