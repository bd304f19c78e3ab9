/**
 * The emulated Graph: the Intune service principal and its endPoints (where the partner
 * APIs live), users by UPN (any UPN of the emulator's user domains exists, others are
 * 404), and devices by deviceId as Entra sees them after the partner's reports.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEVICE_PROVIDER, INTUNE_APP_ID, TENANT_PROVIDER } from "../protocol";
import type { AccessClaims } from "./access-tokens";
import type { EmulatorContext } from "./context";
import { sendGraphError, sendJson } from "./http-util";
import { stableUuid } from "./ids";
import { emulatorUrls } from "./layout";

const servicePrincipalId = (tenantId: string) => stableUuid("intune-service-principal", tenantId);
const odataString = (s: string) => s.replace(/''/g, "'");

export function handleGraph(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL, path: string, claims: AccessClaims) {
  if (req.method !== "GET") return sendGraphError(res, 405, "Request_BadRequest", `Method ${req.method} is not supported here.`);
  const tid = claims.tid;
  const filter = url.searchParams.get("$filter") ?? "";

  if (path === "/v1.0/servicePrincipals") {
    const m = /^appId eq '([^']*)'$/.exec(filter.trim());
    if (!m) return sendGraphError(res, 400, "Request_UnsupportedQuery", `Unsupported query: '${filter}'.`);
    const value = m[1]!.toLowerCase() === INTUNE_APP_ID ? [{ id: servicePrincipalId(tid), appId: INTUNE_APP_ID, displayName: "Microsoft Intune API" }] : [];
    return sendJson(res, 200, { "@odata.context": `${ctx.origin}/graph/v1.0/$metadata#servicePrincipals`, value });
  }

  const ep = /^\/v1\.0\/servicePrincipals\/([^/]+)\/endPoints$/.exec(path);
  if (ep) {
    if (decodeURIComponent(ep[1]!) !== servicePrincipalId(tid)) {
      return sendGraphError(res, 404, "Request_ResourceNotFound", `Resource '${ep[1]}' does not exist or one of its queried reference-property objects are not present.`);
    }
    const urls = emulatorUrls(ctx.origin, tid);
    const entry = (providerName: string, uri: string) => ({
      id: stableUuid("endpoint", tid, providerName),
      capability: "Intune",
      providerId: null,
      providerName,
      providerResourceId: null,
      uri,
    });
    // Decoys first: the client must pick the providers it needs by name, not by position.
    const value = [
      entry("RemoteAssistanceService", `${ctx.origin}/intune/RemoteAssistanceService`),
      entry(TENANT_PROVIDER, urls.tenantService),
      entry("DeviceManagementService", `${ctx.origin}/intune/DeviceManagementService`),
      entry(DEVICE_PROVIDER, urls.deviceService),
    ];
    return sendJson(res, 200, { "@odata.context": `${ctx.origin}/graph/v1.0/$metadata#servicePrincipals('${ep[1]}')/endpoints`, value });
  }

  const user = /^\/v1\.0\/users(?:\('(.+)'\)|\/([^/]+))$/.exec(path);
  if (user) {
    const upn = odataString(decodeURIComponent(user[1] ?? user[2]!)).toLowerCase();
    const domain = upn.split("@")[1] ?? "";
    if (!ctx.userDomains.includes(domain)) {
      return sendGraphError(res, 404, "Request_ResourceNotFound", `Resource '${upn}' does not exist or one of its queried reference-property objects are not present.`);
    }
    return sendJson(res, 200, { id: ctx.userIdFor(upn, tid), userPrincipalName: upn, displayName: upn.split("@")[0] });
  }

  if (path === "/v1.0/devices") {
    const m = /^deviceId eq '([^']*)'$/.exec(filter.trim());
    if (!m) return sendGraphError(res, 400, "Request_UnsupportedQuery", `Unsupported query: '${filter}'.`);
    const d = ctx.state.device(tid, m[1]!);
    const value = d
      ? [{
          id: d.id,
          deviceId: d.deviceId,
          displayName: d.displayName,
          isCompliant: d.isCompliant,
          isManaged: d.isManaged,
          approximateLastSignInDateTime: d.approximateLastSignInDateTime || null,
          operatingSystem: d.operatingSystem,
          operatingSystemVersion: d.operatingSystemVersion,
        }]
      : [];
    return sendJson(res, 200, { "@odata.context": `${ctx.origin}/graph/v1.0/$metadata#devices`, value });
  }

  sendGraphError(res, 404, "Request_ResourceNotFound", `Resource not found for the segment '${path}'.`);
}
