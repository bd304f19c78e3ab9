import { z } from "zod";
import { PAGE_SIZES } from "./device-list-params";
import { REPORT_STATES, REPORT_TRIGGERS } from "./types";

/**
 * Filters and page of the report list (GET /api/v1/reports): the reports of one device or of
 * the whole fleet, by trigger, state and time queued, newest first. Same page sizes as the
 * device list.
 */
export const reportListParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  size: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), `one of ${PAGE_SIZES.join(", ")}`)
    .default(50),
  deviceId: z.uuid().optional().meta({ description: "Only this device's reports" }),
  trigger: z.enum(REPORT_TRIGGERS).optional(),
  state: z.enum(REPORT_STATES).optional(),
  from: z.iso.datetime({ offset: true }).optional().meta({ description: "Queued at or after (ISO 8601)" }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: "Queued at or before (ISO 8601)" }),
});

export type ReportListParams = z.infer<typeof reportListParamsSchema>;
