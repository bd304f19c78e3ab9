import en from "./messages/en.json";
import es from "./messages/es.json";
import type { Locale } from "./locale";

export type Messages = typeof en;

// The Spanish file must have exactly the English keys: a missing key fails the typecheck.
const catalog: Record<Locale, Messages> = { en, es: es satisfies Messages };

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T];
export type MessageKey = Paths<Messages>;

export type Translator = (key: MessageKey, values?: Record<string, string | number>) => string;

export function messagesFor(locale: Locale): Messages {
  return catalog[locale];
}

function lookup(messages: Messages, key: string): string {
  let node: unknown = messages;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === "string" ? node : key;
}

/** `t("devices.count", { count: 3 })` replaces `{count}` in the message. */
export function translator(locale: Locale): Translator {
  const messages = catalog[locale];
  const numbers = new Intl.NumberFormat(locale);
  return (key, values) => {
    const text = lookup(messages, key);
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
  };
}
