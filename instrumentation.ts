// Runs once per server process, before the first request (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startup } = await import("./lib/startup");
  try {
    await startup();
  } catch (error) {
    // A wrong environment or a database in use by another process: say why and stop,
    // rather than serve pages that would all fail.
    console.error(`\nCannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
