import type { ReactNode } from "react";

/** A titled section of a page (the device page is a set of these). */
export function Card({ id, title, children, aside, className = "" }: { id: string; title: ReactNode; children: ReactNode; aside?: ReactNode; className?: string }) {
  return (
    <section aria-labelledby={id} className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">{title}</h2>
        {aside}
      </div>
      <div className="mt-3 flex flex-col gap-3">{children}</div>
    </section>
  );
}

/** A label and its value, in a <dl>. */
export function Field({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-3">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-sm sm:col-span-2">{children}</dd>
    </div>
  );
}

export function Fields({ children, testId }: { children: ReactNode; testId?: string }) {
  return <dl className="divide-y divide-slate-100" data-testid={testId}>{children}</dl>;
}
