import { setLocaleAction } from "@/app/actions";
import { LOCALES, type Locale } from "@/lib/i18n/locale";
import type { Translator } from "@/lib/i18n/translate";

/** A form, not a script: it works with JavaScript off, and the server re-renders in the new language. */
export function LanguageSwitch({ locale, t }: { locale: Locale; t: Translator }) {
  return (
    <form action={setLocaleAction} className="flex items-center gap-1" aria-label={t("language.label")}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          aria-pressed={l === locale}
          className={`rounded px-2 py-1 text-xs font-medium ${
            l === locale ? "bg-white text-slate-900" : "text-slate-200 hover:bg-slate-700"
          }`}
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </form>
  );
}
