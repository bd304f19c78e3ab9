/**
 * UPN -> Entra user object id (the UserId of every report entity), through Graph's
 * users('{upn}'). Cached: a fleet has far fewer owners than reports, and the weekly run
 * would otherwise ask Graph once per device. Failures are not cached.
 */
import type { GraphGet } from "./discovery";
import { parseResponse } from "./errors";
import { graphUserSchema, urls } from "./protocol";

export interface UserDirectory {
  resolve(upn: string): Promise<string>;
}

export function createUserDirectory(
  graphUrl: string,
  graphGet: GraphGet,
  { ttlMs = 60 * 60 * 1000, maxEntries = 50_000, now = Date.now } = {},
): UserDirectory {
  // Map keeps insertion order: the first key is the oldest entry, evicted first.
  const cache = new Map<string, { id: string; expiresAt: number }>();
  const pending = new Map<string, Promise<string>>();

  async function lookup(key: string, upn: string) {
    const op = "resolveUserId";
    const user = parseResponse(graphUserSchema, await graphGet(urls.user(graphUrl, upn), op), op);
    cache.delete(key);
    cache.set(key, { id: user.id, expiresAt: now() + ttlMs });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return user.id;
  }

  return {
    resolve(upn) {
      // UPNs are case-insensitive in Entra ID.
      const key = upn.trim().toLowerCase();
      const hit = cache.get(key);
      if (hit && hit.expiresAt > now()) return Promise.resolve(hit.id);
      let p = pending.get(key);
      if (!p) {
        p = lookup(key, upn.trim()).finally(() => pending.delete(key));
        pending.set(key, p);
      }
      return p;
    },
  };
}
