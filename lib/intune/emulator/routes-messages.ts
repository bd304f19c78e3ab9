/**
 * The emulated PartnerDeviceDataSyncService: DataUploadMessages PUT with strict validation
 * of the body and of the entities inside Content (400 with the reasons, like Microsoft),
 * accepted as Pending; GET answers Pending until the completion delay passes, then
 * Completed or Failed. A repeated PUT of the same message id is accepted once (idempotent).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  dataUploadMessageSchema,
  explainIssues,
  MESSAGE_API_VERSION,
  messageContentSchema,
  partnerPaths,
  type MessageEntity,
} from "../protocol";
import type { AccessClaims } from "./access-tokens";
import type { EmulatorContext } from "./context";
import { readBody, sendEmpty, sendGraphError, sendJson, tryJson } from "./http-util";
import { apiVersionOk } from "./routes-partner";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function handleDeviceService(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL, path: string, claims: AccessClaims) {
  const m = partnerPaths.message.exec(path);
  if (!m) return sendGraphError(res, 404, "NotFound", `No resource at '${path}'.`);
  if (!apiVersionOk(url, res, MESSAGE_API_VERSION)) return;
  const messageId = m[1]!;
  if (!GUID.test(messageId)) return sendGraphError(res, 400, "BadRequest", `'${messageId}' is not a valid message id (a GUID).`);

  if (req.method === "GET") {
    const stored = ctx.state.message(claims.tid, messageId);
    if (!stored) return sendGraphError(res, 404, "NotFound", `No DataUploadMessage with id '${messageId}'.`);
    return sendJson(res, 200, { Id: stored.messageId, Status: stored.status, ErrorCode: stored.errorCode, ErrorDetail: stored.errorDetail });
  }
  if (req.method !== "PUT") return sendGraphError(res, 405, "BadRequest", `Method ${req.method} is not supported here.`);

  const text = await readBody(req);
  const problem = validate(text, claims.tid);
  if (typeof problem === "string") {
    ctx.stats.messagesRejected++;
    return sendGraphError(res, 400, "BadRequest", problem);
  }
  const bodyHash = createHash("sha256").update(text).digest("hex");
  const existing = ctx.state.message(claims.tid, messageId);
  if (existing) {
    if (existing.bodyHash !== bodyHash) {
      ctx.stats.messagesRejected++;
      return sendGraphError(res, 409, "Conflict", `DataUploadMessage '${messageId}' was already received with a different body.`);
    }
    ctx.stats.duplicateMessages++;
    if (ctx.stats.duplicateMessageIds.length < 10_000) ctx.stats.duplicateMessageIds.push(messageId);
    return sendEmpty(res, 204);
  }
  const now = ctx.now();
  ctx.state.accept({
    messageId,
    tenantId: claims.tid,
    appId: claims.appid,
    receivedAt: new Date(now).toISOString(),
    uploadTime: problem.UploadTime,
    deviceIds: [...new Set(problem.entities.map((e) => e.DeviceId))],
    entities: problem.entities,
    status: "Pending",
    errorCode: null,
    errorDetail: null,
    ignoredDeviceIds: [],
    completeAt: now + ctx.completionDelayMs,
    willFail: ctx.faults.drawFailedStatus(),
    bodyHash,
  });
  ctx.stats.messagesAccepted++;
  sendEmpty(res, 204);
}

/** The message's entities, or the explanation a 400 carries. */
function validate(text: string, tokenTenant: string): string | { UploadTime: string; entities: MessageEntity[] } {
  const json = tryJson(text);
  if (!json.ok) return `The request body is not valid JSON: ${json.message}`;
  const body = dataUploadMessageSchema.safeParse(json.value);
  if (!body.success) return `Invalid DataUploadMessage: ${explainIssues(body.error)}`;
  const { TenantId, UploadTime, Content } = body.data;
  if (TenantId.toLowerCase() !== tokenTenant) return `TenantId '${TenantId}' does not match the tenant of the access token.`;
  const content = tryJson(Content);
  if (!content.ok) return `Content is not valid JSON: ${content.message}`;
  const entities = messageContentSchema.safeParse(content.value);
  if (!entities.success) return `Invalid Content: ${explainIssues(entities.error, "Content.")}`;

  const kinds = new Map<string, number[]>();
  for (const [i, e] of entities.data.entries()) {
    if (e.TenantId.toLowerCase() !== tokenTenant) return `Content.${i}.TenantId: '${e.TenantId}' differs from the message's TenantId.`;
    const id = e.DeviceId.toLowerCase();
    kinds.set(id, [...(kinds.get(id) ?? []), e.EntityType]);
  }
  for (const [deviceId, types] of kinds) {
    const sorted = types.sort().join(",");
    if (sorted !== "1,4") return `Device ${deviceId}: expected exactly one inventory (EntityType 1) and one compliance (EntityType 4) entity, got EntityType ${sorted}.`;
  }
  return { UploadTime, entities: entities.data };
}
