/**
 * The emulator's access tokens: JWTs signed with a per-start HMAC key, carrying the claims
 * the resources check (audience per scope, tenant, app). A restarted emulator rejects old
 * tokens with 401, which is how the client's renew-and-retry path meets a real expiry.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { INTUNE_AUDIENCE, DEFAULT_GRAPH_HOST } from "../protocol";

export type Audience = "intune" | "graph";
export const AUDIENCES: Record<Audience, string> = { intune: INTUNE_AUDIENCE, graph: DEFAULT_GRAPH_HOST };

const ROLES: Record<Audience, string[]> = {
  intune: ["update_device_attributes", "manage_partner_compliance_policy", "get_device_compliance"],
  graph: ["Application.Read.All", "Device.Read.All", "User.Read.All"],
};

export interface AccessClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  roles: string[];
  idtyp: "app";
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

const b64 = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString("base64url");

export class TokenSigner {
  private readonly key = randomBytes(32);
  private readonly header = b64({ alg: "HS256", typ: "JWT", kid: "emulator" });

  constructor(private readonly now: () => number) {}

  issue(input: { tenantId: string; appId: string; audience: Audience; lifetimeSec: number }): { token: string; claims: AccessClaims } {
    const iat = Math.floor(this.now() / 1000);
    const claims: AccessClaims = {
      aud: AUDIENCES[input.audience],
      iss: `https://sts.windows.net/${input.tenantId}/`,
      tid: input.tenantId,
      appid: input.appId,
      roles: ROLES[input.audience],
      idtyp: "app",
      iat,
      nbf: iat - 300,
      exp: iat + input.lifetimeSec,
      jti: randomUUID(),
    };
    const body = `${this.header}.${b64(claims)}`;
    return { token: `${body}.${this.sign(body)}`, claims };
  }

  /** The claims of a token this emulator signed for `audience`, or why it is refused (Graph's wording). */
  verify(token: string, audience: Audience): { ok: true; claims: AccessClaims } | { ok: false; message: string } {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, message: "IDX14100: JWT is not well formed." };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, message: "Access token validation failure. Invalid signature." };
    }
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as AccessClaims;
    const now = this.now() / 1000;
    if (claims.exp <= now || claims.nbf > now) return { ok: false, message: "Lifetime validation failed, the token is expired." };
    if (claims.aud !== AUDIENCES[audience]) return { ok: false, message: "Access token validation failure. Invalid audience." };
    return { ok: true, claims };
  }

  private sign(data: string) {
    return createHmac("sha256", this.key).update(data).digest("base64url");
  }
}
