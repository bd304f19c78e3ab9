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
  /** Not reported to Microsoft for over STALE_REPORT_DAYS (never reported: enrolled before that). */
  stale: lenient(z.literal("1")),
  /** A report in progress (queued, sending or accepted) for over STUCK_MINUTES. */
  stuck: lenient(z.literal("1")),
  /** The last report failed: Azure state Error with an Azure device ID (a send Microsoft refused or that gave up). */
  failed: lenient(z.literal("1")),
});

export const STALE_REPORT_DAYS = 7;
export const STUCK_MINUTES = 15;

/** The list's columns, in order; any of them can be hidden (`hide=` in the URL). */
export const DEVICE_COLUMNS = ["name", "owner", "platform", "os", "azureDeviceId", "clientStatus", "azureState", "reportTime", "lastCheckIn"] as const;
export type DeviceColumn = (typeof DEVICE_COLUMNS)[number];

const listOf = (raw: string | string[] | undefined) => new Set((Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((s) => s.trim()));

/**
 * `hide=azureDeviceId,lastCheckIn`, or the column picker's form (`columns=1` and a `show` per
 * ticked column). Unknown names are dropped; the name column always stays.
 */
export function parseHiddenColumns(search: Record<string, string | string[] | undefined>): DeviceColumn[] {
  if (isColumnPickerAnswer(search)) {
    const shown = listOf(search.show);
    return DEVICE_COLUMNS.filter((c) => c !== "name" && !shown.has(c));
  }
  const hidden = listOf(search.hide);
  return DEVICE_COLUMNS.filter((c) => c !== "name" && hidden.has(c));
}

/** The column picker's GET form was just submitted (the page then redirects to the short URL). */
export function isColumnPickerAnswer(search: Record<string, string | string[] | undefined>): boolean {
  return search.columns !== undefined;
}

export type DeviceListParams = z.infer<typeof deviceListParamsSchema>;

/** Parses Next's searchParams (a value may be repeated: the first one counts). */
export function parseDeviceListParams(search: Record<string, string | string[] | undefined>): DeviceListParams {
  const flat = Object.fromEntries(Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return deviceListParamsSchema.parse(flat);
}

const FILTER_KEYS = ["q", "platform", "clientStatus", "azureState", "verdict", "lifecycle", "noAzureId", "stale", "stuck", "failed"] as const;

const DEFAULTS = { page: 1, size: 50, sort: "name", dir: "asc" } as const;

/** The filter part of the URL (no page, sort or columns), e.g. for the CSV export and a bulk resync. */
export function filterQuery(params: DeviceListParams): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = params[key];
    if (value !== undefined) query.set(key, String(value));
  }
  return query.toString();
}

/** The query string for params with some changed; defaults are left out to keep URLs short. */
export function deviceListHref(params: DeviceListParams, change: Partial<DeviceListParams> = {}, hidden: readonly DeviceColumn[] = []): string {
  const next = { ...params, ...change };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined || DEFAULTS[key as keyof typeof DEFAULTS] === value) continue;
    query.set(key, String(value));
  }
  if (hidden.length) query.set("hide", hidden.join(","));
  const text = query.toString();
  return text ? `/devices?${text}` : "/devices";
}

export function hasFilters(p: DeviceListParams): boolean {
  return FILTER_KEYS.some((key) => p[key] !== undefined);
}
