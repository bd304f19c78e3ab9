import { z } from "zod";
import { fieldProblems } from "../domain/check-in";
import { apiError } from "./problem";

/**
 * Query parameters of the admin list endpoints, validated strictly: the same schemas as the
 * UI's lists (which quietly fall back to defaults on a bad value, right for a URL typed in a
 * browser), minus those fallbacks, so an API caller learns which parameter is wrong instead
 * of silently getting another page than asked for. Unknown and repeated parameters are refused.
 */
export function withoutFallbacks(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault) {
    const inner = withoutFallbacks(schema.unwrap() as z.ZodType);
    return inner.default(schema._zod.def.defaultValue as never);
  }
  if (schema instanceof z.ZodCatch) return withoutFallbacks(schema.unwrap() as z.ZodType);
  return schema;
}

export function strictQuerySchema<T extends z.ZodObject>(schema: T): z.ZodType<z.output<T>> {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [key, withoutFallbacks(field as z.ZodType)]));
  return z.object(shape).strict() as unknown as z.ZodType<z.output<T>>;
}

export function parseQuery<T>(schema: z.ZodType<T>, url: URL): { value: T; response?: undefined } | { value?: undefined; response: Response } {
  const values = new Map<string, string>();
  const repeated: string[] = [];
  for (const [key, value] of url.searchParams) {
    if (values.has(key)) repeated.push(key);
    values.set(key, value);
  }
  if (repeated.length) {
    return { response: apiError(400, "invalid_query", "A query parameter was given more than once.", [...new Set(repeated)].map((field) => ({ field, problem: "given more than once" }))) };
  }
  const parsed = schema.safeParse(Object.fromEntries(values));
  if (!parsed.success) return { response: apiError(400, "invalid_query", "The query parameters are not valid.", fieldProblems(parsed.error)) };
  return { value: parsed.data };
}
