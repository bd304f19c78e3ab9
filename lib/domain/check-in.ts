import { z } from "zod";
import { CLIENT_STATUS_CODES, PLATFORMS } from "./types";

/**
 * The device API's bodies: what the MDM's on-device client sends when it enrols and at
 * each check-in. Strict: an unknown field is an error, so a typo never silently drops
 * data. One schema serves validation, the TypeScript types and the OpenAPI document.
 */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // PostgreSQL text cannot hold NUL, and control characters or lone UTF-16 surrogates in a
    // device name are garbage or an attack, never data: refused rather than stored mangled.
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, "control characters and unpaired surrogates are not allowed");

export const appIdSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._-]+$/, "an app id is a bundle id or package name (letters, digits, '.', '_', '-')")
  .meta({ examples: ["com.microsoft.azureauthenticator"] });

export const inventorySchema = z
  .object({
    name: text(255).meta({ description: "Device name as shown to the user", examples: ["Ana's iPhone"] }),
    manufacturer: text(100).meta({ examples: ["Apple"] }),
    model: text(100).meta({ examples: ["iPhone 15 Pro"] }),
    osVersion: z
      .string()
      .regex(/^\d{1,4}(\.\d{1,4}){0,3}$/, "a dotted version such as 18.1.1")
      .meta({ examples: ["18.1.1"] }),
    serialNumber: text(64),
    ownerUpn: z.email("the owner's user principal name, e.g. ana@contoso.com").max(254),
    udid: text(64).optional(),
    imei: z.string().regex(/^\d{14,16}$/, "14 to 16 digits").optional(),
  })
  .strict();

export const complianceFactsSchema = z
  .object({
    passcodeSet: z.boolean(),
    encrypted: z.boolean(),
    jailbroken: z.boolean().meta({ description: "Jailbroken (iOS) or rooted (Android)" }),
    installedApps: z.array(appIdSchema).max(2000),
  })
  .strict();

export const azureStatusSchema = z
  .object({
    deviceId: z
      .guid("the Entra device ID is a GUID such as 007c8232-9489-4074-9b35-345b16f0a72d")
      .nullable()
      .meta({ description: "The Entra ID device ID Microsoft gave the device; null when it could not be obtained" }),
    clientStatusCode: z.enum(CLIENT_STATUS_CODES).meta({ description: "What the device's Microsoft sign-in library reported" }),
  })
  .strict();

export const enrollmentSchema = z
  .object({
    platform: z.enum(PLATFORMS),
    inventory: inventorySchema,
    compliance: complianceFactsSchema,
    azure: azureStatusSchema.optional(),
  })
  .strict();

export const checkInSchema = z
  .object({
    checkInId: z.guid("a GUID chosen by the device per check-in; a retry reuses it").meta({
      description: "Idempotency key: a check-in retried with the same id is applied once",
    }),
    inventory: inventorySchema,
    compliance: complianceFactsSchema,
    azure: azureStatusSchema,
  })
  .strict();

export type EnrollmentBody = z.infer<typeof enrollmentSchema>;
export type CheckInBody = z.infer<typeof checkInSchema>;

/** Largest accepted request body: a check-in with 2,000 app ids fits comfortably. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface FieldProblem {
  field: string;
  problem: string;
}

/** zod issues as the API reports them: the field's dotted path and what is wrong with it. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
      return { field: keys.join(", "), problem: "unknown field" };
    }
    return { field: path || "(body)", problem: issue.message };
  });
}
