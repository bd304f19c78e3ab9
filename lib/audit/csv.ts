export { csvCell, csvLine } from "../csv";

export const AUDIT_CSV_COLUMNS = ["at", "actorEmail", "actorRole", "action", "targetType", "targetId", "before", "after", "traceId", "ip"] as const;
