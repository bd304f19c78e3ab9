import { niceMax, type DayStack } from "@/lib/domain/day-series";
import type { Locale } from "@/lib/i18n/locale";
import { Code } from "./format";
import { RowHeader, Table, TBody, Td, Th, THead, Tr } from "./table";

export interface ChartKey {
  key: string;
  label: string;
  /** Shown next to the label (raw codes are always shown). */
  code?: string;
  color: string;
}

const W = 760;
const H = 220;
const LEFT = 44;
const RIGHT = 8;
const TOP = 10;
const BOTTOM = 28;

/**
 * A stacked bar per day, drawn on the server as SVG (no chart library, nothing to download),
 * with its legend, what it counts, and the numbers behind it in a table for screen readers and
 * for copying.
 */
export function StackedBarChart({
  id,
  title,
  description,
  series,
  keys,
  locale,
  texts,
}: {
  id: string;
  title: string;
  description: string;
  series: DayStack[];
  keys: ChartKey[];
  locale: Locale;
  texts: { day: string; total: string; numbers: string; empty: string };
}) {
  const max = niceMax(Math.max(0, ...series.map((s) => s.total)));
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / Math.max(1, series.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  const dayLabel = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  const labelOf = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));
  const ticks = [0, max / 2, max].filter((v, i, all) => Number.isInteger(v) && all.indexOf(v) === i);
  const empty = series.every((s) => s.total === 0);
  const visibleKeys = keys.filter((k) => series.some((s) => (s.values[k.key] ?? 0) > 0));

  return (
    <figure className="flex flex-col gap-2" data-testid={id}>
      <figcaption>
        <h3 id={`${id}-title`} className="text-base font-semibold">{title}</h3>
        <p id={`${id}-desc`} className="text-sm text-slate-700">{description}</p>
      </figcaption>
      {empty ? (
        <p className="text-sm text-slate-600">{texts.empty}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="h-auto w-full max-w-4xl">
          {ticks.map((v) => (
            <g key={v}>
              <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} stroke="#cbd5e1" strokeWidth={1} />
              <text x={LEFT - 6} y={y(v) + 4} textAnchor="end" fontSize={11} fill="#334155">{v.toLocaleString(locale)}</text>
            </g>
          ))}
          {series.map((s, i) => {
            const x = LEFT + i * slot + (slot - barW) / 2;
            let base = 0;
            return (
              <g key={s.day}>
                {keys.map((k) => {
                  const v = s.values[k.key] ?? 0;
                  if (v === 0) return null;
                  const top = y(base + v);
                  const height = y(base) - top;
                  base += v;
                  return (
                    <rect key={k.key} x={x} y={top} width={barW} height={Math.max(1, height)} fill={k.color}>
                      <title>{`${labelOf(s.day)} · ${k.label}${k.code ? ` (${k.code})` : ""}: ${v.toLocaleString(locale)}`}</title>
                    </rect>
                  );
                })}
                {(i % 5 === 0 || i === series.length - 1) && (
                  <text x={x + barW / 2} y={H - 10} textAnchor="middle" fontSize={11} fill="#334155">{labelOf(s.day)}</text>
                )}
              </g>
            );
          })}
          <line x1={LEFT} x2={W - RIGHT} y1={y(0)} y2={y(0)} stroke="#475569" strokeWidth={1} />
        </svg>
      )}
      {!empty && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-800">
          {visibleKeys.map((k) => (
            <li key={k.key} className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-3 rounded-sm" style={{ backgroundColor: k.color }} />
              {k.label}
              {k.code && <Code>{k.code}</Code>}
            </li>
          ))}
        </ul>
      )}
      {!empty && (
        <details>
          <summary className="cursor-pointer text-sm text-sky-800">{texts.numbers}</summary>
          <Table label={title} className="mt-2" scrollable>
            <THead>
              <Th>{texts.day}</Th>
              {visibleKeys.map((k) => (
                <Th key={k.key} align="right">{k.code ?? k.label}</Th>
              ))}
              <Th align="right">{texts.total}</Th>
            </THead>
            <TBody>
              {series.filter((s) => s.total > 0).map((s) => (
                <Tr key={s.day}>
                  <RowHeader className="whitespace-nowrap">{s.day}</RowHeader>
                  {visibleKeys.map((k) => (
                    <Td key={k.key} align="right" className="tabular-nums">{(s.values[k.key] ?? 0).toLocaleString(locale)}</Td>
                  ))}
                  <Td align="right" className="font-semibold tabular-nums">{s.total.toLocaleString(locale)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </details>
      )}
    </figure>
  );
}
