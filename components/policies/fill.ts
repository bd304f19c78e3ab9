import type { Locale } from "@/lib/i18n/locale";

/** `fill("{count} devices", { count: 3 }, "en")`: a message's placeholders, numbers in the locale's format (client side). */
export function fill(template: string, values: Record<string, string | number>, locale: Locale): string {
  const numbers = new Intl.NumberFormat(locale);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? numbers.format(value) : value;
  });
}
