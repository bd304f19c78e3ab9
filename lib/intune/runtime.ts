/**
 * The process's Intune connection, chosen from the environment at start-up. Configured
 * (AZURE_*): a client for real Microsoft. Emulated: the built-in emulator, started
 * in-process (or reached at INTUNE_EMULATOR_URL when it runs as its own process), and a
 * client pointed at it, so a new user sees every flow work with nothing configured.
 */
import fs from "node:fs";
import path from "node:path";
import { uuidFromName } from "../demo/random";
import { env as readEnv, type Env } from "../env";
import { log } from "../log";
import { createIntuneClient, type IntuneClient } from "./client";
import { configuredConnection, emulatedConnection } from "./config";
import type { EmulatorControl, EmulatorInspection } from "./emulator/inspection";
import type { EmulatorOptions } from "./emulator/server";

export interface IntuneRuntime {
  mode: "configured" | "emulated";
  client: IntuneClient;
  /** Emulated mode: the emulator's inspection and control API (in-process or remote); null when configured. */
  emulator: (EmulatorInspection & EmulatorControl & { url: string; inProcess: boolean }) | null;
  close(): Promise<void>;
}

/** The emulator settings the environment asks for (also used by `npm run emulator`). */
export async function emulatorOptionsFromEnv(e: Env, overrides: Partial<EmulatorOptions> = {}): Promise<EmulatorOptions> {
  const { parseFaultSpec } = await import("./emulator/faults");
  return {
    dataDir: path.join(e.DATA_DIR, "emulator"),
    port: e.INTUNE_EMULATOR_PORT ?? 0,
    faults: parseFaultSpec(e.INTUNE_EMULATOR_FAULTS),
    completionDelayMs: e.INTUNE_EMULATOR_COMPLETION_DELAY_MS,
    budgets: e.INTUNE_EMULATOR_THROTTLING === "off" ? "off" : undefined,
    // The same user object ids the demo data was generated with, so old and new reports agree.
    userIdFor: (upn) => uuidFromName(e.DEMO_SEED, `entra-user:${upn}`),
    ...overrides,
  };
}

export async function openIntune(e: Env = readEnv()): Promise<IntuneRuntime> {
  const configured = configuredConnection(e);
  if (configured) {
    const client = createIntuneClient(configured);
    log.info({ component: "intune", mode: "configured", tenantId: configured.tenantId }, "Microsoft Intune configured");
    return { mode: "configured", client, emulator: null, close: async () => client.close() };
  }

  if (e.INTUNE_EMULATOR_URL) {
    const caFile = e.INTUNE_EMULATOR_CA_FILE ?? path.join(e.DATA_DIR, "emulator", "tls", "ca.pem");
    const caPem = readCa(caFile);
    const { remoteEmulator } = await import("./emulator/inspection");
    const remote = remoteEmulator(e.INTUNE_EMULATOR_URL, caPem);
    const client = createIntuneClient(emulatedConnection({ url: e.INTUNE_EMULATOR_URL, caPem }));
    log.info({ component: "intune", mode: "emulated", url: e.INTUNE_EMULATOR_URL }, "using the Intune emulator at INTUNE_EMULATOR_URL");
    return {
      mode: "emulated",
      client,
      emulator: { ...remote, url: e.INTUNE_EMULATOR_URL, inProcess: false },
      close: async () => (client.close(), remote.close()),
    };
  }

  // Imported only here: a configured production server never loads the emulator.
  const { startEmulator } = await import("./emulator/server");
  const running = await startEmulator(await emulatorOptionsFromEnv(e));
  const client = createIntuneClient(emulatedConnection(running));
  log.info({ component: "intune", mode: "emulated", url: running.url }, "Microsoft not configured: built-in Intune emulator started");
  const control: EmulatorControl = {
    setFaults: running.setFaults,
    forceFault: running.forceFault,
    setCompletionDelay: running.setCompletionDelay,
    setBudgets: running.setBudgets,
    setProvisioningError: running.setProvisioningError,
    reset: running.reset,
  };
  return {
    mode: "emulated",
    client,
    emulator: { ...running.inspect, ...control, url: running.url, inProcess: true },
    close: async () => (client.close(), await running.close()),
  };
}

function readCa(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new Error(`INTUNE_EMULATOR_URL is set but the emulator's CA could not be read from ${file}: set INTUNE_EMULATOR_CA_FILE (the emulator prints its path at start)`);
  }
}

const holder = globalThis as unknown as { __intune?: Promise<IntuneRuntime> };

/** The process's runtime, opened once (cached on globalThis so Next's dev reloads do not start a second emulator). */
export function intune(): Promise<IntuneRuntime> {
  holder.__intune ??= openIntune().catch((error: unknown) => {
    holder.__intune = undefined;
    throw error;
  });
  return holder.__intune;
}
