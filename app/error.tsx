"use client";

// Unexpected errors land here. Texts in both languages: the translator lives on the server.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-3">
      <h1 className="text-2xl font-semibold">Something went wrong · Algo salió mal</h1>
      {error.digest && <p className="text-sm text-slate-600">Reference / Referencia: <code>{error.digest}</code></p>}
      <button type="button" onClick={reset} className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white">
        Try again · Reintentar
      </button>
    </div>
  );
}
