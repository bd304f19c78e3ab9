/**
 * /_emulator/*: the inspection and control API over HTTP (see inspection.ts), for tests
 * and tools driving an emulator that runs in another process. No authentication: the
 * emulator listens on the loopback interface only.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { FAULT_KINDS, NO_FAULTS } from "./faults";
import { readBody, sendEmpty, sendJson, tryJson } from "./http-util";
import type { EmulatorControl, EmulatorInspection } from "./inspection";

const share = z.number().min(0).max(1);
const faultsSchema = z.strictObject(
  Object.fromEntries(Object.keys(NO_FAULTS).map((k) => [k, (FAULT_KINDS as readonly string[]).includes(k) ? share : z.number().min(0)])),
).partial();
const budget = z.object({ limit: z.number().int().positive(), windowMs: z.number().int().positive() }).nullable();
const schemas = {
  force: z.object({ kind: z.enum(FAULT_KINDS), count: z.number().int().positive().optional(), scope: z.enum(["resource", "graph", "partner", "token"]).optional() }),
  delay: z.object({ ms: z.number().int().min(0) }),
  budgets: z.object({ appTenantWrites: budget, tenantWrites: budget, appRequests: budget }).partial(),
  provisioning: z.object({ detail: z.string().nullable() }),
};

export async function handleInspect(inspect: EmulatorInspection, control: EmulatorControl, req: IncomingMessage, res: ServerResponse, url: URL, path: string) {
  const q = url.searchParams;
  const tenantId = q.get("tenantId") ?? undefined;
  const list = { tenantId, deviceId: q.get("deviceId") ?? undefined, limit: q.has("limit") ? Number(q.get("limit")) : undefined };
  const found = (value: unknown) => (value === null ? sendJson(res, 404, { error: "not found" }) : sendJson(res, 200, value));
  const body = async <S extends z.ZodType>(schema: S): Promise<z.infer<S> | null> => {
    const parsed = tryJson((await readBody(req, 64 * 1024)) || "{}");
    const result = parsed.ok ? schema.safeParse(parsed.value) : null;
    if (!result?.success) {
      sendJson(res, 400, { error: result ? result.error.message : "body is not JSON" });
      return null;
    }
    return result.data;
  };
  const route = `${req.method} ${path}`;
  let m: RegExpExecArray | null;

  if (route === "GET /health") return sendJson(res, 200, { ok: true });
  if (route === "GET /stats") return sendJson(res, 200, await inspect.stats());
  if (route === "GET /messages") return sendJson(res, 200, await inspect.messages(list));
  if ((m = /^GET \/messages\/([^/]+)$/.exec(route))) return found(await inspect.message(decodeURIComponent(m[1]!), tenantId));
  if (route === "GET /devices") return sendJson(res, 200, await inspect.devices(list));
  if ((m = /^GET \/devices\/([^/]+)$/.exec(route))) return found(await inspect.device(decodeURIComponent(m[1]!), tenantId));
  if (route === "GET /tenant") return found(await inspect.tenant(tenantId));

  if (route === "PUT /faults") {
    const b = await body(faultsSchema);
    return b && (await control.setFaults(b), sendEmpty(res, 204));
  }
  if (route === "POST /faults/force") {
    const b = await body(schemas.force);
    return b && (await control.forceFault(b.kind, b), sendEmpty(res, 204));
  }
  if (route === "PUT /completion-delay") {
    const b = await body(schemas.delay);
    return b && (await control.setCompletionDelay(b.ms), sendEmpty(res, 204));
  }
  if (route === "PUT /budgets") {
    const b = await body(schemas.budgets);
    return b && (await control.setBudgets(b), sendEmpty(res, 204));
  }
  if (route === "PUT /provisioning-error") {
    const b = await body(schemas.provisioning);
    return b && (await control.setProvisioningError(b.detail), sendEmpty(res, 204));
  }
  if (route === "POST /reset") return (await control.reset(), sendEmpty(res, 204));
  sendJson(res, 404, { error: `no inspection route ${route}` });
}
