import type { AriaAttributes, ReactNode } from "react";

/**
 * The one table of the dashboard: every list (devices, reports, triage, audit, settings) is
 * built from these parts, so they look and read the same (header row, row headers, empty state).
 * Plain elements without client code: server and client components both use them.
 */
export function Table({
  children,
  label,
  className = "",
  empty,
  framed = true,
  scrollable = false,
}: {
  children: ReactNode;
  label?: string;
  className?: string;
  empty?: ReactNode;
  framed?: boolean;
  /** A wide table with nothing focusable in it: its scroll area takes the keyboard focus so it can be scrolled without a mouse. */
  scrollable?: boolean;
}) {
  const focus = scrollable ? { tabIndex: 0, role: "region", "aria-label": label } : {};
  return (
    <div {...focus} className={`${framed ? "overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" : "overflow-x-auto"} ${className}`}>
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        {children}
      </table>
      {empty}
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="bg-slate-100 text-left text-xs font-semibold text-slate-700">
      <tr>{children}</tr>
    </thead>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}

export function Tr({ children, className = "", ...rest }: { children: ReactNode; className?: string } & AriaAttributes & { "data-state"?: string; "data-testid"?: string }) {
  return (
    <tr className={`align-top ${className}`} {...rest}>
      {children}
    </tr>
  );
}

const ALIGN = { left: "text-left", right: "text-right", center: "text-center" } as const;

/** compact: narrower side padding, for wide tables (the device list). */
export function Th({
  children,
  align = "left",
  className = "",
  sort,
  compact,
}: {
  children?: ReactNode;
  align?: keyof typeof ALIGN;
  className?: string;
  sort?: AriaAttributes["aria-sort"];
  compact?: boolean;
}) {
  return (
    <th scope="col" aria-sort={sort} className={`${compact ? "px-2" : "px-3"} py-2 align-bottom ${ALIGN[align]} ${className}`}>
      {children}
    </th>
  );
}

/** A cell that names its row (the first cell): screen readers read it before each other cell. */
export function RowHeader({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <th scope="row" className={`px-3 py-2 text-left font-normal ${className}`}>
      {children}
    </th>
  );
}

export function Td({ children, align = "left", className = "", colSpan, compact }: { children?: ReactNode; align?: keyof typeof ALIGN; className?: string; colSpan?: number; compact?: boolean }) {
  return (
    <td colSpan={colSpan} className={`${compact ? "px-2" : "px-3"} py-2 ${ALIGN[align]} ${className}`}>
      {children}
    </td>
  );
}

export function EmptyRow({ children }: { children: ReactNode }) {
  return <p className="p-6 text-center text-slate-600">{children}</p>;
}
