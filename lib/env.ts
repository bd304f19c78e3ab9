import { z } from "zod";

/**
 * The environment, read and validated once. A wrong value stops start-up with a message
 * naming the variable. Documented in README.md ("Environment variables").
 */
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL (leave unset for the embedded database)")
      .optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    // The embedded database (no autovacuum) is checked this often, and vacuumed and analysed when
    // 64 MiB of changes were written since its last pass (lib/db/maintenance.ts).
    PGLITE_VACUUM_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(30_000),
    DEMO_DEVICES: z.coerce.number().int().min(0).max(1_000_000).default(500),
    DEMO_SEED: z.coerce.number().int().default(20260211),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    AZURE_TENANT_ID: z.uuid("must be the tenant's GUID").optional(),
    AZURE_CLIENT_ID: z.uuid("must be the app registration's client (application) ID").optional(),
    AZURE_CLIENT_SECRET: z.string().min(1).optional(),
    AZURE_AUTHORITY_HOST: z.url().default("https://login.microsoftonline.com"),
    // Sovereign clouds have their own Graph host (e.g. https://graph.microsoft.us).
    AZURE_GRAPH_HOST: z.url().default("https://graph.microsoft.com"),
    // The built-in Intune emulator (used when the AZURE_* variables are unset); see lib/intune/emulator.
    INTUNE_EMULATOR_URL: z
      .url()
      .regex(/^https:\/\//, "must be the https:// URL of an emulator started with `npm run emulator`")
      .optional(),
    INTUNE_EMULATOR_CA_FILE: z.string().min(1).optional(),
    INTUNE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    INTUNE_EMULATOR_COMPLETION_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
    INTUNE_EMULATOR_FAULTS: z
      .string()
      .regex(/^\s*[A-Za-z0-9]+\s*=\s*[0-9.]+\s*(,\s*[A-Za-z0-9]+\s*=\s*[0-9.]+\s*)*$/, "must look like serverError=0.05,throttle=0.02")
      .optional(),
    INTUNE_EMULATOR_THROTTLING: z.enum(["on", "off"]).default("on"),
    // The reporting engine (lib/reporting). "inprocess": the web server sends reports itself (the
    // only choice with the embedded database); "off": separate `npm run worker` processes do (PostgreSQL).
    REPORTING_ENGINE: z.enum(["inprocess", "off"]).default("inprocess"),
    REPORTING_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
    // DataUploadMessages PUTs per second per tenant (Graph's Intune write budget: 200 per 20 s).
    REPORTING_WRITES_PER_SECOND: z.coerce.number().min(0.1).max(100_000).default(10),
    REPORTING_READS_PER_SECOND: z.coerce.number().min(0.1).max(100_000).default(50),
    REPORTING_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
    REPORTING_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(120_000),
    REPORTING_IDLE_MS: z.coerce.number().int().min(5).max(60_000).default(500),
    REPORTING_POLL_MS: z.coerce.number().int().min(5).max(600_000).default(250),
    REPORTING_POLL_MAX_MS: z.coerce.number().int().min(5).max(3_600_000).default(30_000),
    REPORTING_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2000),
    REPORTING_BACKOFF_MAX_MS: z.coerce.number().int().min(1).max(86_400_000).default(600_000),
    REPORTING_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    // The device API (lib/api). Check-ins per device per minute (a token bucket of that size, in
    // this process's memory), and how many days a check-in id is remembered for idempotency.
    CHECKIN_RATE_PER_MINUTE: z.coerce.number().min(0.1).max(100_000).default(12),
    CHECKIN_HISTORY_DAYS: z.coerce.number().min(1).max(365).default(7),
    // `npm run simulate` only: the API key it enrols devices with (instead of --api-key).
    SIMULATOR_API_KEY: z.string().regex(/^crk_/, "must be an API key (crk_...) from the Settings page").optional(),
    // Sign-in (lib/auth). Unset secret: one is generated once into DATA_DIR/auth-secret.
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 33`)").optional(),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 33`)").optional(),
    NEXTAUTH_URL: z.url().optional(),
    AUTH_SESSION_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(8),
    AUTH_ENTRA_ID_TENANT_ID: z.string().min(1).optional(),
    AUTH_ENTRA_ID_CLIENT_ID: z.string().min(1).optional(),
    AUTH_ENTRA_ID_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH_ENTRA_ID_ROLE_CLAIM: z.enum(["groups", "roles"]).default("roles"),
    AUTH_ENTRA_ID_ROLE_MAP: z
      .string()
      .regex(/^\s*(ADMIN|HELPDESK|VIEWER)\s*=\s*[^=;,]+(\s*[;,]\s*(ADMIN|HELPDESK|VIEWER)\s*=\s*[^=;,]+)*\s*$/, "must look like ADMIN=<group id or app role>;HELPDESK=...;VIEWER=...")
      .optional(),
  })
  .superRefine((env, ctx) => {
    const azure = [env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID, env.AZURE_CLIENT_SECRET];
    const set = azure.filter((v) => v !== undefined).length;
    if (set !== 0 && set !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["AZURE_TENANT_ID"],
        message:
          "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET go together: set all three for Microsoft, none for the built-in emulator",
      });
    }
    const entra = [env.AUTH_ENTRA_ID_TENANT_ID, env.AUTH_ENTRA_ID_CLIENT_ID, env.AUTH_ENTRA_ID_CLIENT_SECRET].filter((v) => v !== undefined).length;
    if (entra !== 0 && entra !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_ENTRA_ID_CLIENT_ID"],
        message: "AUTH_ENTRA_ID_TENANT_ID, AUTH_ENTRA_ID_CLIENT_ID and AUTH_ENTRA_ID_CLIENT_SECRET go together: all three for \"Sign in with Microsoft\", none for local users only",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Parses an environment (process.env by default); throws EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (a common shell and .env idiom).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** "configured" when the Azure app registration is set in the environment, else "emulated". */
export function microsoftMode(e: Env = env()): "configured" | "emulated" {
  return e.AZURE_TENANT_ID ? "configured" : "emulated";
}
