// The benchmarks' deterministic fleet: N devices generated in SQL (INSERT ... SELECT over
// generate_series), so 100,000 devices take seconds on PGlite and PostgreSQL alike. The same
// N (and the same `now`) gives the same fleet. Shared by bench:policies, bench:list and
// bench:pages.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../../lib/db/client";
import { createPostgresDatabase } from "../../lib/db/test-databases";

/** bench:policies' clock: check-in ages and evaluations are anchored there, so runs compare. */
export const FLEET_NOW = new Date("2026-03-10T12:00:00.000Z");

export interface FleetOptions {
  /** The instant the fleet's times are relative to (check-ins, reports). Default FLEET_NOW. */
  now?: Date;
  /**
   * Also give the devices what the device list filters on: people's names and serial numbers
   * to search, varied client status codes (all eight), verdicts, lifecycles, Azure states
   * (Success / In progress / Error / never reported) with their report times spread over 30
   * days, and a report history per device (weekly reports, failed sends, skipped reports of
   * devices with no Azure device ID, reports in flight, some for over 15 minutes). Off: the
   * plain fleet bench:policies evaluates (every device compliant, nothing reported yet).
   */
  azure?: boolean;
}

export interface FleetSummary {
  devices: number;
  reports: number;
}

/** A deterministic pseudo-random integer in [0, 1000) per row and salt (md5 of the salt and `key`). */
const bucket = (salt: string, key = "g") => `(${hash(salt, key)} % 1000)`;
/** The same, in [0, 2^24). */
const hash = (salt: string, key = "g") => `('x' || substr(md5('${salt}-' || ${key}), 1, 6))::bit(24)::int`;

const FIRST = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Fernando", "Gloria", "Hector", "Irene", "Javier", "Karen", "Luis", "Maria", "Nicolas", "Olga", "Pablo", "Quentin", "Rosa", "Sergio", "Teresa", "Ursula", "Victor", "Wendy", "Xavier", "Yolanda", "Zoe", "Adrian", "Beatriz", "Carlos", "Daniela", "Emilio", "Fatima"];
const LAST = ["Garcia", "Martinez", "Lopez", "Sanchez", "Perez", "Gomez", "Martin", "Jimenez", "Ruiz", "Hernandez", "Diaz", "Moreno", "Alvarez", "Romero", "Alonso", "Gutierrez", "Navarro", "Torres", "Dominguez", "Vazquez", "Ramos", "Gil", "Ramirez", "Serrano", "Blanco", "Molina", "Morales", "Suarez", "Ortega", "Delgado", "Castro", "Ortiz", "Rubio", "Marin", "Sanz", "Iglesias", "Nunez", "Medina", "Garrido", "Santos"];
const IOS_MODELS = ["iPhone 13", "iPhone 14", "iPhone 15", "iPhone 15 Pro", "iPhone 16", "iPad Air"];
const ANDROID_MODELS = ["Galaxy S23", "Galaxy A54", "Galaxy S24", "Galaxy Tab S9"];
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`;

/** The eight client status codes; a device without an Azure device ID has one of the seven failures (or none yet). */
const FAILURE_CODES = ["Internal_Error", "Workplace_Join_Required", "Interaction_Required", "Server_Declined_Scopes", "Server_Protection_Policies_Required", "User_Canceled", "Account_logged_out"];

/**
 * Plain fleet: two thirds iOS (16.7 to 18.2), a third Android (12 to 15), 5% without a
 * passcode, 4% unencrypted, 0.2% jailbroken, 2% with a file-sharing app, check-ins up to 40
 * days old, 10% without an Azure device ID. With `azure`, see FleetOptions.
 */
export async function seedFleet(database: Database, count: number, options: FleetOptions = {}): Promise<FleetSummary> {
  const at = (options.now ?? FLEET_NOW).toISOString();
  const now = `'${at}'::timestamptz`;
  const azure = options.azure ?? false;
  // Buckets (0-999) drawn once per device: people, Azure state, report age, client status, verdict, lifecycle.
  const buckets = azure
    ? `, ${hash("person")} AS person, ${bucket("state")} AS state, ${bucket("age")} AS age, ${bucket("code")} AS code, ${bucket("verdict")} AS verdict, ${bucket("life")} AS life`
    : "";
  const f = `SELECT g, (g * 59) % 10 = 0 AS no_id${buckets} FROM generate_series(1, ${count}) AS g`;
  const first = `(${sqlArray(FIRST)})[1 + person % ${FIRST.length}]`;
  const last = `(${sqlArray(LAST)})[1 + (person / ${FIRST.length}) % ${LAST.length}]`;
  const model = `CASE WHEN g % 3 = 0 THEN (${sqlArray(ANDROID_MODELS)})[1 + g % ${ANDROID_MODELS.length}] ELSE (${sqlArray(IOS_MODELS)})[1 + g % ${IOS_MODELS.length}] END`;
  // Azure state: with an Azure device ID 3% never reported, 7% Error (a failed send), 8% In progress
  // (half of them for over 15 minutes), 82% Success; without one 20% never reported, else Error
  // (the report was skipped: nothing can be sent without it).
  const azureState = `CASE WHEN no_id THEN CASE WHEN state < 200 THEN NULL ELSE 'ERROR' END
                           WHEN state < 30 THEN NULL WHEN state < 100 THEN 'ERROR' WHEN state < 180 THEN 'IN_PROGRESS' ELSE 'SUCCESS' END`;
  // Report time (the last confirmed report) in whole hours before now, so the 7-day boundary is
  // crossed only on the hour: 85% within 7 days, the rest over 7 to 30 days.
  // A device in progress was last confirmed at least 7 hours ago (before its report in flight).
  const hours = `CASE WHEN age < 850 THEN age % 168 ELSE 168 + (age * 7) % 552 END`;
  const reportedAt = `CASE WHEN no_id OR state < 30 OR (state < 180 AND age % 10 = 0) THEN NULL
                           WHEN state >= 100 AND state < 180 THEN ${now} - greatest(7, ${hours}) * interval '1 hour'
                           ELSE ${now} - (${hours}) * interval '1 hour' END`;
  const clientStatus = `CASE WHEN no_id THEN CASE WHEN code < 100 THEN NULL ELSE (${sqlArray(FAILURE_CODES)})[1 + code % ${FAILURE_CODES.length}] END
                             WHEN code < 960 THEN 'Success' ELSE (${sqlArray(FAILURE_CODES)})[1 + code % ${FAILURE_CODES.length}] END`;
  const columns = azure
    ? {
        name: `${first} || ' ' || ${last} || '''s ' || ${model}`,
        model,
        manufacturer: `CASE WHEN g % 3 = 0 THEN 'Samsung' ELSE 'Apple' END`,
        serialNumber: `CASE WHEN g % 3 = 0 THEN 'R58N' ELSE 'F2L' END || upper(substr(md5('serial-' || g), 1, 9))`,
        ownerUpn: `lower(${first}) || '.' || lower(${last}) || (person / ${FIRST.length * LAST.length}) % 100 || '@contoso.example'`,
        enrolledAt: `${now} - (3 + age % 400) * interval '1 day'`,
        clientStatusCode: clientStatus,
      }
    : {
        name: `'Bench device ' || g`,
        model: `CASE WHEN g % 3 = 0 THEN 'Galaxy S23' ELSE 'iPhone 15' END`,
        manufacturer: `CASE WHEN g % 3 = 0 THEN 'Samsung' ELSE 'Apple' END`,
        serialNumber: `'SER' || g`,
        ownerUpn: `'user' || (g % 5000) || '@contoso.example'`,
        enrolledAt: `${now} - interval '100 days'`,
        clientStatusCode: `CASE WHEN no_id THEN 'User_Canceled' ELSE 'Success' END`,
      };
  const extra = azure
    ? {
        "clientStatusReportedAt": `${now} - ((g * 53) % 960) * interval '1 hour'`,
        "azureState": `(${azureState})::"AzureComplianceState"`,
        "azureReportedAt": reportedAt,
        // The error that stopped the last report: Microsoft's, or (no Azure device ID) the client status code.
        "azureLastErrorCode": `CASE WHEN (${azureState}) = 'ERROR' THEN CASE WHEN no_id THEN (${clientStatus}) ELSE 'ProcessingFailed' END END`,
        "azureLastErrorDetail": `CASE WHEN (${azureState}) = 'ERROR' THEN CASE WHEN no_id THEN 'No Azure device ID: the device reported ' || coalesce(${clientStatus}, 'nothing yet')
                                      ELSE 'DataUploadMessage failed: the partner service could not process the message' END END`,
        // 9% not compliant (blocked e-mail, quarantined, blocked AppConnect), 4% with an alert only.
        verdict: `(CASE WHEN verdict < 90 THEN 'NOT_COMPLIANT' ELSE 'COMPLIANT' END)::"Verdict"`,
        "winningAction": `(CASE WHEN verdict < 90 THEN (ARRAY['BLOCK_EMAIL','QUARANTINE','BLOCK_APPCONNECT'])[1 + verdict % 3] WHEN verdict < 130 THEN 'SEND_ALERT' END)::"PolicyAction"`,
        "evaluatedAt": `${now} - ((g * 53) % 960) * interval '1 hour'`,
        // 0.5% retired, 0.3% retirement pending.
        lifecycle: `(CASE WHEN life < 5 THEN 'RETIRED' WHEN life < 8 THEN 'RETIRE_PENDING' ELSE 'ACTIVE' END)::"Lifecycle"`,
        "retiredAt": `CASE WHEN life < 5 THEN ${now} - (1 + life) * interval '1 day' END`,
      }
    : {};
  const names = ["id", "name", "platform", "manufacturer", "model", "osVersion", "serialNumber", "ownerUpn", "enrolledAt", "lastCheckInAt", "passcodeSet", "encrypted", "jailbroken", "installedApps", "azureDeviceId", "clientStatusCode", "inventoryFingerprint", "updatedAt", ...Object.keys(extra)];
  const values = [
    `md5('bench-device-' || g)::uuid`,
    columns.name,
    `(CASE WHEN g % 3 = 0 THEN 'ANDROID' ELSE 'IOS' END)::"Platform"`,
    columns.manufacturer,
    columns.model,
    `CASE WHEN g % 3 = 0 THEN (ARRAY['12','13','13.0.1','14','15'])[1 + (g * 7919) % 5]
          ELSE (ARRAY['16.7.10','17.0','17.1.2','17.2','17.3.1','17.4','17.5.1','17.6','18.0','18.1.1','18.2'])[1 + (g * 7919) % 11] END`,
    columns.serialNumber,
    columns.ownerUpn,
    columns.enrolledAt,
    `${now} - ((g * 53) % 960) * interval '1 hour'`,
    `(g * 31) % 20 <> 0`,
    `(g * 37) % 25 <> 0`,
    `(g * 41) % 500 = 0`,
    `CASE WHEN (g * 43) % 50 = 0 THEN ARRAY['com.microsoft.Outlook','com.dropbox.Dropbox'] ELSE ARRAY['com.microsoft.Outlook','com.microsoft.azureauthenticator'] END`,
    `CASE WHEN no_id THEN NULL ELSE md5('bench-azure-' || g)::uuid END`,
    `(${columns.clientStatusCode})::"ClientStatusCode"`,
    `'bench'`,
    now,
    ...Object.values(extra),
  ];
  await database.prisma.$executeRawUnsafe(`
    INSERT INTO "Device" (${names.map((n) => `"${n}"`).join(", ")})
    SELECT ${values.join(",\n           ")}
    FROM (${f}) AS f`);
  const reports = azure ? await seedReports(database, now) : 0;
  await database.prisma.azureSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  return { devices: count, reports };
}

/**
 * Each device's report history, consistent with its Azure fields: 1 to 3 weekly reports
 * completed (the newest at its report time), then for Error a failed send (or, without an
 * Azure device ID, a skipped report) and for In progress a report in flight (queued, sending
 * or accepted), queued either 20 minutes to 6 hours before now (stuck) or in the last 2 minutes.
 */
async function seedReports(database: Database, now: string): Promise<number> {
  const r = (salt: string) => bucket(salt, `d.id::text`);
  const status = `CASE WHEN d.verdict = 'NOT_COMPLIANT' THEN 'notCompliant' ELSE 'compliant' END`;
  const payload = (lastUpdate: string) => `jsonb_build_object('entities', jsonb_build_array(
      jsonb_build_object('EntityType', 1, 'DeviceId', d."azureDeviceId", 'DeviceName', d.name, 'Os', CASE WHEN d.platform = 'IOS' THEN 'iOS' ELSE 'Android' END,
                         'OsVersion', d."osVersion", 'Model', d.model, 'Vendor', d.manufacturer, 'SerialNumber', d."serialNumber", 'UPN', d."ownerUpn",
                         'DeviceManagementState', 'managed', 'State', 0, 'LastUpdateTime', to_char((${lastUpdate}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
      jsonb_build_object('EntityType', 4, 'DeviceId', d."azureDeviceId", 'complianceStatus', ${status}, 'LastUpdateTime', to_char((${lastUpdate}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))))`;
  const cols = `id, "deviceId", trigger, state, "complianceStatus", payload, "lastUpdateTime", attempts, "nextAttemptAt", "messageId", "httpStatus",
                "errorCode", "errorDetail", "queuedAt", "sendingAt", "acceptedAt", "completedAt", "failedAt", "skippedAt"`;
  // Completed weekly reports, one a week back from the report time.
  const completedAt = `d."azureReportedAt" - k * interval '7 days'`;
  const completed = await database.prisma.$executeRawUnsafe(`
    INSERT INTO "Report" (${cols})
    SELECT md5(d.id::text || '-done-' || k)::uuid, d.id, 'WEEKLY', 'COMPLETED', (${status})::"ComplianceStatus", ${payload(completedAt)},
           ${completedAt} - interval '40 seconds', 1, ${completedAt} - interval '40 seconds', md5(d.id::text || '-msg-' || k)::uuid, 202,
           NULL, NULL, ${completedAt} - interval '40 seconds', ${completedAt} - interval '39 seconds', ${completedAt} - interval '38 seconds', ${completedAt}, NULL, NULL
    FROM "Device" d CROSS JOIN LATERAL generate_series(0, ${r("history")} % 3) AS k
    WHERE d."azureReportedAt" IS NOT NULL`);
  // The newest report of devices in Error: a failed send after the last success, or a skipped one.
  const failedAt = `CASE WHEN d."azureReportedAt" IS NULL THEN ${now} - (1 + ${r("fail")} % 200) * interval '1 hour'
                         ELSE d."azureReportedAt" + (${now} - d."azureReportedAt") * ((1 + ${r("fail")} % 9) / 10.0) END`;
  const failed = await database.prisma.$executeRawUnsafe(`
    INSERT INTO "Report" (${cols})
    SELECT md5(d.id::text || '-last')::uuid, d.id, 'INVENTORY_CHANGE',
           (CASE WHEN d."azureDeviceId" IS NULL THEN 'SKIPPED' ELSE 'FAILED' END)::"ReportState", (${status})::"ComplianceStatus", ${payload(failedAt)},
           ${failedAt} - interval '10 minutes', CASE WHEN d."azureDeviceId" IS NULL THEN 0 ELSE 10 END, ${failedAt}, NULL,
           CASE WHEN d."azureDeviceId" IS NULL THEN NULL ELSE 200 END, d."azureLastErrorCode", d."azureLastErrorDetail",
           ${failedAt} - interval '10 minutes', CASE WHEN d."azureDeviceId" IS NULL THEN NULL ELSE ${failedAt} - interval '9 minutes' END, NULL, NULL,
           CASE WHEN d."azureDeviceId" IS NULL THEN NULL ELSE ${failedAt} END, CASE WHEN d."azureDeviceId" IS NULL THEN ${failedAt} END
    FROM "Device" d WHERE d."azureState" = 'ERROR'`);
  // Reports in flight: half queued 20 min to 6 h before now (stuck), half in the last 2 minutes.
  const queuedAt = `${now} - CASE WHEN ${r("stuck")} < 500 THEN (20 + ${r("stuck")} % 340) * interval '1 minute' ELSE (${r("stuck")} % 120) * interval '1 second' END`;
  const flightState = `(ARRAY['QUEUED','SENDING','ACCEPTED'])[1 + ${r("flight")} % 3]`;
  const flying = await database.prisma.$executeRawUnsafe(`
    INSERT INTO "Report" (${cols})
    SELECT md5(d.id::text || '-flying')::uuid, d.id, 'MANUAL', (${flightState})::"ReportState", (${status})::"ComplianceStatus", ${payload(queuedAt)},
           ${queuedAt}, CASE WHEN ${flightState} = 'QUEUED' THEN 0 ELSE 1 END, ${queuedAt}, CASE WHEN ${flightState} = 'ACCEPTED' THEN md5(d.id::text || '-msg-flying')::uuid END,
           CASE WHEN ${flightState} = 'ACCEPTED' THEN 202 END, NULL, NULL,
           ${queuedAt}, CASE WHEN ${flightState} <> 'QUEUED' THEN ${queuedAt} + interval '1 second' END,
           CASE WHEN ${flightState} = 'ACCEPTED' THEN ${queuedAt} + interval '2 seconds' END, NULL, NULL, NULL
    FROM "Device" d WHERE d."azureState" = 'IN_PROGRESS'`);
  return completed + failed + flying;
}

/** md5(text) as a uuid, as PostgreSQL's md5(text)::uuid writes it. */
function md5Uuid(text: string): string {
  const h = createHash("md5").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id of the fleet's device number g (1..N). */
export const deviceIdOf = (g: number) => md5Uuid(`bench-device-${g}`);

/** The Azure device ID of the fleet's device number g; 10% of devices have none: (g * 59) % 10 = 0. */
export const azureIdOf = (g: number) => ((g * 59) % 10 === 0 ? null : md5Uuid(`bench-azure-${g}`));

/** A device list state, as the /devices URL carries it. */
export interface ListCombo {
  key: string;
  label: string;
  search: Record<string, string>;
}

/**
 * The device list's representative states (bench:list, bench:pages): the default list, each
 * filter, the two kinds of search, a deep page and a combination. With an `azure` fleet every one
 * matches some devices.
 */
export function deviceListCombos(devices: number): ListCombo[] {
  let g = Math.max(1, Math.floor(devices * 0.4237));
  while (azureIdOf(g) === null) g += 1;
  const deepPage = Math.max(1, Math.min(200, Math.floor(devices / 100)));
  return [
    { key: "default", label: "default (name asc)", search: {} },
    { key: "platform", label: "platform Android", search: { platform: "ANDROID" } },
    { key: "clientStatus", label: "client status Workplace_Join_Required", search: { clientStatus: "Workplace_Join_Required" } },
    { key: "azureError", label: "Azure state Error, report time desc", search: { azureState: "ERROR", sort: "reportTime", dir: "desc" } },
    { key: "notCompliant", label: "verdict not compliant", search: { verdict: "NOT_COMPLIANT" } },
    { key: "noAzureId", label: "no Azure device ID", search: { noAzureId: "1" } },
    { key: "stale", label: "not reported for 7 days", search: { stale: "1" } },
    { key: "stuck", label: "in progress over 15 min", search: { stuck: "1" } },
    { key: "failed", label: "last report failed", search: { failed: "1" } },
    { key: "searchName", label: 'search "romero"', search: { q: "romero" } },
    { key: "searchGuid", label: "search an Azure device ID", search: { q: azureIdOf(g)!.toUpperCase() } },
    { key: "deepPage", label: `page ${deepPage}, last check-in desc`, search: { page: String(deepPage), sort: "lastCheckIn", dir: "desc" } },
    { key: "combined", label: "iOS+not compliant+active+stale, owner", search: { platform: "IOS", verdict: "NOT_COMPLIANT", lifecycle: "ACTIVE", stale: "1", sort: "owner" } },
  ];
}

/**
 * VACUUM ANALYZE, as a maintained database would be after a bulk load (PostgreSQL's autovacuum
 * does it on its own; PGlite has no autovacuum): planner statistics and the visibility map
 * (index-only scans).
 */
export async function vacuumAnalyze(database: Database): Promise<void> {
  if (database.pglite) await database.pglite.exec("VACUUM ANALYZE");
  else await database.prisma.$executeRawUnsafe("VACUUM ANALYZE");
}

/** Where a benchmark's database lives: a new PGlite directory (on disk, as `npm start` uses it) or a new PostgreSQL database. */
export interface BenchDatabase {
  kind: "pglite" | "postgres";
  /** The PGlite data directory (DATA_DIR/pglite), or the PostgreSQL database's URL. */
  dataDir?: string;
  /** DATA_DIR itself (the PGlite directory's parent), for a server started on it. */
  dataRoot?: string;
  databaseUrl?: string;
  open(): Promise<Database>;
  /** Removes the directory or drops the database (idempotent). */
  remove(): Promise<void>;
}

/** A fresh, empty place for a benchmark's fleet; `remove()` it in a finally (and on a signal). */
export async function freshBenchDatabase(kind: "pglite" | "postgres", postgresUrl: string | undefined, prefix: string): Promise<BenchDatabase> {
  if (kind === "pglite") {
    const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const dataDir = path.join(dataRoot, "pglite");
    return { kind, dataDir, dataRoot, open: () => openDatabase({ dataDir }), remove: async () => fs.rmSync(dataRoot, { recursive: true, force: true }) };
  }
  if (!postgresUrl) throw new Error("PostgreSQL needs BENCH_DATABASE_URL (or TEST_DATABASE_URL): a server where the benchmark may create and drop a database");
  const created = await createPostgresDatabase(postgresUrl);
  let dropped = false;
  return {
    kind,
    databaseUrl: created.url,
    open: () => openDatabase({ databaseUrl: created.url }),
    remove: async () => {
      if (dropped) return;
      dropped = true;
      await created.drop();
    },
  };
}

/** A fresh bench database, opened; closing it also removes it (the directory, or the PostgreSQL database). */
export async function openFreshBenchDatabase(kind: "pglite" | "postgres", postgresUrl: string | undefined, prefix: string): Promise<Database> {
  const place = await freshBenchDatabase(kind, postgresUrl, prefix);
  const database = await place.open();
  return { ...database, close: async () => (await database.close(), await place.remove()) };
}

/** The q-th percentile (0-100) of a sample, nearest rank. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;
}

/** Runs `cleanup` on SIGINT/SIGTERM too (then exits 130/143), so a stopped benchmark leaves nothing behind. */
export function onSignalCleanup(cleanup: () => Promise<void>): () => void {
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = () => {
      process.stderr.write(`\n${signal}: cleaning up…\n`);
      void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
}
