/**
 * Microsoft's answer in an error from lib/intune. Checked by shape, not `instanceof`: the
 * runtime is created by the instrumentation hook, whose bundle has its own copy of the
 * IntuneError class, so `instanceof` fails for errors reaching server actions.
 */
export interface IntuneFailure {
  code: string;
  detail: string;
  httpStatus: number | null;
  operation: string;
}

export function intuneFailure(error: unknown): IntuneFailure | null {
  if (!(error instanceof Error) || error.name !== "IntuneError") return null;
  const e = error as Error & Partial<IntuneFailure>;
  if (typeof e.code !== "string" || typeof e.operation !== "string") return null;
  return { code: e.code, detail: String(e.detail ?? ""), httpStatus: e.httpStatus ?? null, operation: e.operation };
}

export function describeFailure(error: unknown): IntuneFailure {
  return intuneFailure(error) ?? { code: "Error", detail: error instanceof Error ? error.message : String(error), httpStatus: null, operation: "unknown" };
}
