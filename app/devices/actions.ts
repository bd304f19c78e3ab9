"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { newTraceId, recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/guard";
import { clientAddress } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { filterQuery, parseDeviceListParams } from "@/lib/domain/device-list-params";
import { formFields } from "@/lib/form-data";
import { getTranslator } from "@/lib/i18n/server";
import type { ActionResult } from "@/lib/integration/action-result";
import { requestResync, type ResyncResult } from "@/lib/reporting/triggers";
import { nudgeInProcessReporting } from "@/lib/reporting/worker";

// Bulk Resync from the device list and the triage page. Each action checks its permission first
// (requirePermission), then validates, acts, audits (the trace id links the event to the reports).

const MAX_SELECTED = 500;
const selectionSchema = z.array(z.uuid()).min(1).max(MAX_SELECTED);

function answer(t: Awaited<ReturnType<typeof getTranslator>>["t"], r: ResyncResult): ActionResult {
  return { ok: true, message: t("bulk.result", { queued: r.queued, skipped: r.skipped, inFlight: r.alreadyInFlight }) };
}

/** Resync of the devices ticked in the list (at most one page: 500). */
export async function resyncSelectedAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("device.resync");
  const { t } = await getTranslator();
  const ids = formData.getAll("deviceId").map(String);
  if (ids.length === 0) return { ok: false, message: t("bulk.noneSelected") };
  const parsed = selectionSchema.safeParse(ids);
  if (!parsed.success) return { ok: false, message: t("bulk.invalid") };
  const traceId = newTraceId();
  const result = await requestResync(await prisma(), { deviceIds: parsed.data }, { requestedBy: user.email, traceId });
  nudgeInProcessReporting();
  await recordAudit({ actor: user, action: "device.resync.bulk", target: { type: "devices", id: "selection" }, after: { deviceIds: parsed.data, ...result }, ip: await clientAddress(), traceId });
  revalidatePath("/devices");
  return answer(t, result);
}

/** Resync of every device matching a list filter (the form carries the filter and the confirmation). */
export async function resyncFilterAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("device.resync");
  const { t } = await getTranslator();
  if (formData.get("confirm") !== "yes") return { ok: false, message: t("bulk.invalid") };
  const fields: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string") fields[key] = value;
  const filter = parseDeviceListParams(fields);
  const traceId = newTraceId();
  const result = await requestResync(await prisma(), { filter }, { requestedBy: user.email, traceId });
  if (result.queued + result.skipped + result.alreadyInFlight === 0) return { ok: false, message: t("bulk.nothingMatches") };
  nudgeInProcessReporting();
  const query = filterQuery(filter);
  await recordAudit({ actor: user, action: "device.resync.bulk", target: { type: "devices", id: query ? `filter:${query}` : "filter:all" }, after: { filter: query, ...result }, ip: await clientAddress(), traceId });
  revalidatePath("/devices");
  revalidatePath("/triage");
  return answer(t, result);
}
