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
