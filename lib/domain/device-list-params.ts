import { z } from "zod";
import { AZURE_COMPLIANCE_STATES, CLIENT_STATUS_CODES, LIFECYCLES, PLATFORMS, VERDICTS } from "./types";

/**
 * The device list's state as it lives in the URL: filters, sort and page. One schema for
 * the page, the CSV export and the admin API, so the three always agree. A value that
 * does not parse is dropped (the list falls back to its default) rather than failing the page.
 */
export const DEVICE_SORTS = ["name", "owner", "platform", "os", "clientStatus", "azureState", "reportTime", "lastCheckIn"] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const deviceListParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  size: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), `one of ${PAGE_SIZES.join(", ")}`)
    .catch(50)
    .default(50),
  sort: z.enum(DEVICE_SORTS).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  q: lenient(z.string().trim().min(1).max(200)),
  platform: lenient(z.enum(PLATFORMS)),
  clientStatus: lenient(z.enum([...CLIENT_STATUS_CODES, "none"])),
  azureState: lenient(z.enum([...AZURE_COMPLIANCE_STATES, "none"])),
  verdict: lenient(z.enum(VERDICTS)),
  lifecycle: lenient(z.enum(LIFECYCLES)),
  noAzureId: lenient(z.literal("1")),
});

export type DeviceListParams = z.infer<typeof deviceListParamsSchema>;

/** Parses Next's searchParams (a value may be repeated: the first one counts). */
export function parseDeviceListParams(search: Record<string, string | string[] | undefined>): DeviceListParams {
  const flat = Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return deviceListParamsSchema.parse(flat);
}

const DEFAULTS = { page: 1, size: 50, sort: "name", dir: "asc" } as const;

/** The query string for params with some changed; defaults are left out to keep URLs short. */
export function deviceListHref(params: DeviceListParams, change: Partial<DeviceListParams> = {}): string {
  const next = { ...params, ...change };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || DEFAULTS[key as keyof typeof DEFAULTS] === value) continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `/devices?${text}` : "/devices";
}

export function hasFilters(p: DeviceListParams): boolean {
  return [p.q, p.platform, p.clientStatus, p.azureState, p.verdict, p.lifecycle, p.noAzureId].some((v) => v !== undefined);
}
