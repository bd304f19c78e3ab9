// Runs once per server process, before the first request (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startupOrExit } = await import("./lib/startup");
  await startupOrExit();
}
