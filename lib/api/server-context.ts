import "server-only";
import { prisma } from "../db";
import { env } from "../env";
import { createApiContext, type ApiContext } from "./context";

/** The web server's API context: the process's database and one limiter, kept across requests (and dev reloads). */
const holder = globalThis as unknown as { __apiContext?: Promise<ApiContext> };

export function apiContext(): Promise<ApiContext> {
  holder.__apiContext ??= (async () => {
    const e = env();
    return createApiContext(await prisma(), { checkInsPerMinute: e.CHECKIN_RATE_PER_MINUTE, checkInHistoryDays: e.CHECKIN_HISTORY_DAYS });
  })();
  return holder.__apiContext;
}
