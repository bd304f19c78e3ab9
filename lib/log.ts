import pino from "pino";

/** The product's one logger: structured JSON lines on stdout. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "intune-compliance-reporter" },
  // Never log a secret, whatever object reaches the logger.
  redact: {
    paths: ["*.clientSecret", "*.client_secret", "*.AZURE_CLIENT_SECRET", "*.password", "*.authorization"],
    censor: "[redacted]",
  },
});
