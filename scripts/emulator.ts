// `npm run emulator`: the Intune/Entra emulator as its own process, for several app
// processes (or tests) sharing one emulated Microsoft. Settings from the environment
// (lib/env.ts): INTUNE_EMULATOR_PORT (default 3443), INTUNE_EMULATOR_FAULTS,
// INTUNE_EMULATOR_COMPLETION_DELAY_MS, INTUNE_EMULATOR_THROTTLING, DATA_DIR.
// Prints one JSON line {"url","caFile"} on stdout once listening; stops on SIGINT/SIGTERM.
// Point an app process at it with INTUNE_EMULATOR_URL=<url> (and INTUNE_EMULATOR_CA_FILE=<caFile>).
import { env } from "../lib/env";
import { startEmulator } from "../lib/intune/emulator/server";
import { emulatorOptionsFromEnv } from "../lib/intune/runtime";

const e = env();
const emulator = await startEmulator(await emulatorOptionsFromEnv(e, { port: e.INTUNE_EMULATOR_PORT ?? 3443 }));
process.stdout.write(`${JSON.stringify({ url: emulator.url, caFile: emulator.caFile })}\n`);
process.stderr.write(`Intune emulator listening on ${emulator.url} (CA: ${emulator.caFile}); inspection at ${emulator.url}/_emulator/stats\n`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void emulator.close().then(() => process.exit(0));
  });
}
