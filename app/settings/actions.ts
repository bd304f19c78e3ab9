"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/guard";
import { clientAddress } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import { updateAzureSettings } from "@/lib/db/settings";
import { runConnectionTest } from "@/lib/integration/connection-test";
import type { ActionResult } from "@/lib/integration/action-result";
import { isValidTimeZone } from "@/lib/integration/next-run";
import { getTranslator } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/translate";
import { intune } from "@/lib/intune";
import { describeFailure } from "@/lib/integration/intune-failure";
import { formFields } from "@/lib/form-data";
import { startWeeklyRunNow } from "@/lib/reporting/scheduler";
import { nudgeInProcessReporting } from "@/lib/reporting/worker";

// Every action here checks its permission first (requirePermission), then validates, acts, audits.

const guid = z.union([z.literal(""), z.uuid()]);
const integrationSchema = z.object({
  enabled: z.boolean(),
  mode: z.enum(["EMULATED", "MICROSOFT"]),
  tenantId: guid,
  clientId: guid,
});

const scheduleSchema = z.object({
  weeklyDay: z.coerce.number().int().min(0).max(6),
  weeklyTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  weeklyTimeZone: z.string().min(1).max(64).refine(isValidTimeZone),
});

function refused(error: unknown, t: (k: MessageKey) => string): ActionResult {
  const f = describeFailure(error);
  return { ok: false, message: t("settings.failed"), code: f.code, detail: f.detail, httpStatus: f.httpStatus };
}

async function partnerUrls() {
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost"}`;
  return { enrollmentUrl: `${origin}/enroll`, remediationUrl: `${origin}/remediate` };
}

function pick<T extends object>(row: T, keys: (keyof T)[]) {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

export async function saveIntegrationAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("settings.edit");
  const { t } = await getTranslator();
  const parsed = integrationSchema.safeParse({
    enabled: formData.get("enabled") === "on",
    mode: formData.get("mode"),
    tenantId: String(formData.get("tenantId") ?? "").trim(),
    clientId: String(formData.get("clientId") ?? "").trim(),
  });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] = t("settings.tenantIdInvalid");
    return { ok: false, message: t("settings.invalid"), fieldErrors };
  }
  const v = parsed.data;
  const { before, after } = await updateAzureSettings(await prisma(), { enabled: v.enabled, mode: v.mode, tenantId: v.tenantId || null, clientId: v.clientId || null }, user.email);
  const keys = ["enabled", "mode", "tenantId", "clientId"] as const;
  await recordAudit({ actor: user, action: "settings.integration.update", target: { type: "settings", id: "azure" }, before: pick(before, [...keys]), after: pick(after, [...keys]), ip: await clientAddress() });
  revalidatePath("/settings");
  return { ok: true, message: t("settings.saved") };
}

export async function saveScheduleAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("settings.edit");
  const { t } = await getTranslator();
  const parsed = scheduleSchema.safeParse({ weeklyDay: formData.get("weeklyDay"), weeklyTime: String(formData.get("weeklyTime") ?? "").trim(), weeklyTimeZone: String(formData.get("weeklyTimeZone") ?? "").trim() });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      fieldErrors[field] = t(field === "weeklyTimeZone" ? "settings.timeZoneInvalid" : "settings.timeInvalid");
    }
    return { ok: false, message: t("settings.invalid"), fieldErrors };
  }
  const { before, after } = await updateAzureSettings(await prisma(), parsed.data, user.email);
  const keys = ["weeklyDay", "weeklyTime", "weeklyTimeZone"] as const;
  await recordAudit({ actor: user, action: "settings.schedule.update", target: { type: "settings", id: "weekly-schedule" }, before: pick(before, [...keys]), after: pick(after, [...keys]), ip: await clientAddress() });
  revalidatePath("/settings");
  return { ok: true, message: t("settings.saved") };
}

export async function testConnectionAction(): Promise<ActionResult> {
  const user = await requirePermission("integration.test");
  const { t } = await getTranslator();
  const runtime = await intune();
  const steps = await runConnectionTest(runtime.client, await partnerUrls());
  const ok = steps.every((s) => s.outcome === "ok");
  await recordAudit({ actor: user, action: "integration.test", target: { type: "tenant", id: runtime.client.tenantId }, after: { mode: runtime.mode, steps }, ip: await clientAddress() });
  return {
    ok,
    message: ok ? t("settings.outcome.ok") : t("settings.failed"),
    steps: steps.map((s) => ({ ...s, label: t(`settings.steps.${s.step}`), outcomeLabel: t(`settings.outcome.${s.outcome}`) })),
  };
}

async function setProvisioning(provision: boolean): Promise<ActionResult> {
  const user = await requirePermission("integration.provision");
  const { t } = await getTranslator();
  const runtime = await intune();
  const database = await prisma();
  const ip = await clientAddress();
  const action = provision ? "integration.provision" : "integration.deprovision";
  try {
    const answer = provision ? await runtime.client.provisionTenant(await partnerUrls()) : await runtime.client.deprovisionTenant();
    const { before, after } = await updateAzureSettings(database, { provisioned: provision, provisionedAt: provision ? new Date() : null }, user.email);
    await recordAudit({ actor: user, action, target: { type: "tenant", id: runtime.client.tenantId }, before: { provisioned: before.provisioned }, after: { provisioned: after.provisioned, answer }, ip });
    revalidatePath("/settings");
    return { ok: true, message: t(provision ? "settings.provisionedOk" : "settings.deprovisionedOk") };
  } catch (error) {
    const result = refused(error, t);
    await recordAudit({ actor: user, action: `${action}.failed`, target: { type: "tenant", id: runtime.client.tenantId }, after: { code: result.code, detail: result.detail, httpStatus: result.httpStatus ?? null }, ip });
    return result;
  }
}

export async function provisionTenantAction(): Promise<ActionResult> {
  return setProvisioning(true);
}

export async function deprovisionTenantAction(): Promise<ActionResult> {
  return setProvisioning(false);
}

const policySchema = z.object({ displayName: z.string().trim().min(1).max(256), platform: z.enum(["iOS", "Android"]), groupId: guid });

export async function ensurePolicyAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("policy.edit");
  const { t } = await getTranslator();
  const parsed = policySchema.safeParse({ displayName: formData.get("displayName"), platform: formData.get("platform"), groupId: String(formData.get("groupId") ?? "").trim() });
  if (!parsed.success) return { ok: false, message: t("settings.invalid"), fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), t("settings.tenantIdInvalid")])) };
  const runtime = await intune();
  const ip = await clientAddress();
  try {
    const policy = await runtime.client.ensurePartnerPolicy({ displayName: parsed.data.displayName, description: "Compliance reported by the MDM (partner-managed).", platform: parsed.data.platform });
    if (parsed.data.groupId) await runtime.client.assignPolicy(policy.id, [parsed.data.groupId]);
    const { before, after } = await updateAzureSettings(await prisma(), { partnerPolicyId: policy.id }, user.email);
    await recordAudit({ actor: user, action: "policy.partner.ensure", target: { type: "partnerPolicy", id: policy.id }, before: { partnerPolicyId: before.partnerPolicyId }, after: { partnerPolicyId: after.partnerPolicyId, created: policy.created, ...parsed.data }, ip });
    revalidatePath("/settings");
    return { ok: true, message: t("settings.policyOk", { id: policy.id }) };
  } catch (error) {
    const result = refused(error, t);
    await recordAudit({ actor: user, action: "policy.partner.ensure.failed", target: { type: "partnerPolicy", id: parsed.data.displayName }, after: { code: result.code, detail: result.detail }, ip });
    return result;
  }
}

/** Run now: starts a weekly run at once (unless one is running), continued by the scheduler like a scheduled one. */
export async function runWeeklyNowAction(): Promise<ActionResult> {
  const user = await requirePermission("weekly.runNow");
  const { t } = await getTranslator();
  const result = await startWeeklyRunNow(await prisma());
  if (!result.started) return { ok: false, message: t("settings.runNowAlready", { time: result.startedAt.toISOString() }) };
  nudgeInProcessReporting();
  await recordAudit({ actor: user, action: "weekly.runNow", target: { type: "weeklyRun", id: result.runId }, after: { devices: result.devices }, ip: await clientAddress() });
  revalidatePath("/settings");
  return { ok: true, message: t("settings.runNowStarted") };
}

const emulatorSchema = z.object({ detail: z.string().trim().max(500) });

export async function setEmulatorProvisioningErrorAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("settings.edit");
  const { t } = await getTranslator();
  const runtime = await intune();
  if (!runtime.emulator) return { ok: false, message: t("settings.notEmulated") };
  const { detail } = emulatorSchema.parse({ detail: String(formData.get("detail") ?? "") });
  await runtime.emulator.setProvisioningError(detail || null);
  await recordAudit({ actor: user, action: "emulator.provisioningError", target: { type: "emulator", id: runtime.emulator.url }, after: { detail: detail || null }, ip: await clientAddress() });
  return { ok: true, message: t("settings.emulatorApplied") };
}

const failNextSchema = z.object({ count: z.coerce.number().int().min(1).max(100) });

/** Emulated mode only: the next reports the emulator accepts end Failed (ProcessingFailed), to see what an admin would see. */
export async function failNextEmulatorReportsAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = formFields(formData);
  const user = await requirePermission("settings.edit");
  const { t } = await getTranslator();
  const runtime = await intune();
  if (!runtime.emulator) return { ok: false, message: t("settings.notEmulated") };
  const parsed = failNextSchema.safeParse({ count: formData.get("count") });
  if (!parsed.success) return { ok: false, message: t("settings.invalid"), fieldErrors: { count: "1–100" } };
  await runtime.emulator.forceFault("failedStatus", { count: parsed.data.count, scope: "partner" });
  await recordAudit({ actor: user, action: "emulator.failNextReports", target: { type: "emulator", id: runtime.emulator.url }, after: parsed.data, ip: await clientAddress() });
  return { ok: true, message: t("settings.failNextApplied", { count: parsed.data.count }) };
}
