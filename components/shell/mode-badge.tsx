import type { Translator } from "@/lib/i18n/translate";

/** Says plainly whether reports go to Microsoft or to the built-in emulator. */
export function ModeBadge({ mode, t }: { mode: "emulated" | "configured"; t: Translator }) {
  const help = t(mode === "emulated" ? "mode.emulatedHelp" : "mode.configuredHelp");
  return (
    <span
      title={help}
      data-mode={mode}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ${
        mode === "emulated" ? "bg-amber-200 text-amber-950" : "bg-emerald-200 text-emerald-950"
      }`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${mode === "emulated" ? "bg-amber-700" : "bg-emerald-700"}`} />
      {t(mode === "emulated" ? "mode.emulated" : "mode.configured")}
      <span className="sr-only">. {help}</span>
    </span>
  );
}
