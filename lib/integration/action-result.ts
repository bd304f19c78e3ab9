import type { StepResult } from "./connection-test";

/** What a settings action answers to its form (read with useActionState). Texts already translated. */
export interface ActionResult {
  ok?: boolean;
  message?: string;
  /** Microsoft's code and ErrorDetail, verbatim, when Microsoft refused. */
  code?: string;
  detail?: string;
  httpStatus?: number | null;
  fieldErrors?: Record<string, string>;
  steps?: (StepResult & { label: string; outcomeLabel: string })[];
}
