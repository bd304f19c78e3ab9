"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { newTraceId, recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/guard";
import { clientAddress } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { resyncDevice } from "@/lib/devices/resync-device";
import { retireOneDevice } from "@/lib/devices/retire-device";
import { formFields } from "@/lib/form-data";
import { getTranslator } from "@/lib/i18n/server";
import type { ActionResult } from "@/lib/integration/action-result";
import { nudgeInProcessReporting } from "@/lib/reporting/worker";

// The device page's buttons. Each checks its permission first, validates, acts, records the
// audit event with the trace id its report carries (so the page shows who asked), wakes the
// in-process engine, and redirects back to the page (post/redirect/get: works without JavaScript).

const idSchema = z.uuid();

function deviceIdOf(formData: FormData): string | null {
  const parsed = idSchema.safeParse(String(formData.get("deviceId") ?? "").trim().toLowerCase());
  return parsed.success ? parsed.data : null;
}

export async function resyncDeviceAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const id = deviceIdOf(formData);
  const user = await requirePermission("device.resync", id ? `/devices/${id}` : "/devices");
  const { t } = await getTranslator();
  if (!id) return { ok: false, message: t("deviceDetail.notice.invalid") };
  const traceId = newTraceId();
  const outcome = await resyncDevice(await prisma(), id, { requestedBy: user.email, traceId });
  if (outcome.kind === "not-found") return { ok: false, message: t("deviceDetail.notice.notFound") };
  if (outcome.kind === "queued" || outcome.kind === "skipped") nudgeInProcessReporting();
  // Every press is recorded, also one that queued nothing (a report was already in flight).
  const after = outcome.kind === "in-flight" ? { outcome: outcome.kind, inFlightState: outcome.state } : { outcome: outcome.kind };
  await recordAudit({ actor: user, action: "device.resync", target: { type: "device", id }, after, ip: await clientAddress(), traceId });
  revalidatePath(`/devices/${id}`);
  redirect(`/devices/${id}?notice=${outcome.kind}${outcome.kind === "in-flight" ? `&state=${outcome.state}` : ""}`);
}

export async function retireDeviceAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const id = deviceIdOf(formData);
  const user = await requirePermission("device.retire", id ? `/devices/${id}` : "/devices");
  const { t } = await getTranslator();
  if (!id || formData.get("confirm") !== "yes") return { ok: false, message: t("deviceDetail.notice.invalid") };
  const traceId = newTraceId();
  const outcome = await retireOneDevice(await prisma(), id, { requestedBy: user.email, traceId });
  if (outcome.kind === "not-found") return { ok: false, message: t("deviceDetail.notice.notFound") };
  if (outcome.kind === "queued" || outcome.kind === "retired-now") {
    nudgeInProcessReporting();
    await recordAudit({
      actor: user,
      action: "device.retire",
      target: { type: "device", id },
      before: { lifecycle: outcome.before },
      after: { lifecycle: outcome.after, reportId: outcome.reportId, reason: "admin" },
      ip: await clientAddress(),
      traceId,
    });
  }
  revalidatePath(`/devices/${id}`);
  revalidatePath("/devices");
  const notice = outcome.kind === "queued" ? "retire-queued" : outcome.kind;
  redirect(`/devices/${id}?notice=${notice}`);
}
