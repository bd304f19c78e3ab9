import type { FieldProblem } from "../domain/check-in";

/**
 * Every error answer of the device API has one shape: a stable machine code, a sentence for
 * people, and the fields at fault with what is wrong with each. Field names can come from the
 * request itself (an unknown key): they are cut short, and so is the list, so a hostile
 * request cannot make the answer large.
 */
export interface ApiErrorBody {
  error: string;
  message: string;
  problems: FieldProblem[];
}

const MAX_PROBLEMS = 50;
const MAX_TEXT = 200;

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

export const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } as const;

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function apiError(status: number, error: string, message: string, problems: FieldProblem[] = [], headers: Record<string, string> = {}): Response {
  const body: ApiErrorBody = {
    error,
    message,
    problems: problems.slice(0, MAX_PROBLEMS).map((p) => ({ field: cut(p.field), problem: cut(p.problem) })),
  };
  if (problems.length > MAX_PROBLEMS) body.problems.push({ field: "(body)", problem: `${problems.length - MAX_PROBLEMS} more problems not listed` });
  return apiJson(body, status, headers);
}
