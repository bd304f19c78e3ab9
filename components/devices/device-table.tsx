"use client";

import Link from "next/link";
import { useActionState, useMemo, useState, useSyncExternalStore } from "react";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState, type VisibilityState } from "@tanstack/react-table";
import { ActionStatus } from "@/components/ui/action-status";
import { Confirm, SubmitButton } from "@/components/ui/confirm";
import { DateTime } from "@/components/ui/format";
import { EmptyRow, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { DeviceListRow } from "@/lib/db/devices";
import { deviceListHref, type DeviceColumn, type DeviceListParams, type DeviceSort } from "@/lib/domain/device-list-params";
import type { Locale } from "@/lib/i18n/locale";
import { translator, type MessageKey, type Translator } from "@/lib/i18n/translate";
import type { ActionResult } from "@/lib/integration/action-result";
import { AzureDeviceId, AzureStateBadge, ClientStatus, ReportTime } from "./azure-cells";

type Action = (prev: ActionResult, formData: FormData) => Promise<ActionResult>;

const SELECTION_FORM = "resync-selected";
const noSubscription = () => () => {};

const COLUMN_META: Record<DeviceColumn, { label: MessageKey; sort?: DeviceSort; className?: string }> = {
  name: { label: "devices.columns.name", sort: "name", className: "min-w-36" },
  owner: { label: "devices.columns.owner", sort: "owner" },
  platform: { label: "devices.columns.platform", sort: "platform" },
  os: { label: "devices.columns.os", sort: "os", className: "whitespace-nowrap" },
  azureDeviceId: { label: "devices.columns.azureDeviceId" },
  clientStatus: { label: "devices.columns.clientStatus", sort: "clientStatus" },
  azureState: { label: "devices.columns.azureState", sort: "azureState" },
  reportTime: { label: "devices.columns.reportTime", sort: "reportTime", className: "max-w-52 text-xs" },
  lastCheckIn: { label: "devices.columns.lastCheckIn", sort: "lastCheckIn", className: "text-xs" },
};

function SortHeader({ column, params, hidden, t }: { column: DeviceColumn; params: DeviceListParams; hidden: DeviceColumn[]; t: Translator }) {
  const meta = COLUMN_META[column];
  const label = t(meta.label);
  if (!meta.sort) return <>{label}</>;
  const active = params.sort === meta.sort;
  const dir = active && params.dir === "asc" ? "desc" : "asc";
  return (
    <Link href={deviceListHref(params, { sort: meta.sort, dir, page: 1 }, hidden)} className="inline-flex items-center gap-1 hover:underline">
      {label}
      <span aria-hidden className="text-slate-600">{active ? (params.dir === "asc" ? "▲" : "▼") : "↕"}</span>
    </Link>
  );
}

function cellOf(column: DeviceColumn, d: DeviceListRow, ctx: { integrationEnabled: boolean; locale: Locale; t: Translator }) {
  const { locale, t } = ctx;
  switch (column) {
    case "name":
      return (
        <>
          <Link href={`/devices/${d.id}`} className="font-medium text-sky-800 hover:underline">{d.name}</Link>
          <span className="block text-xs text-slate-600">{d.model}</span>
        </>
      );
    case "owner": {
      // May wrap after the @ only: the address stays readable (and whole when copied).
      const at = d.ownerUpn.indexOf("@");
      return at < 0 ? <span className="text-slate-700">{d.ownerUpn}</span> : <span className="text-slate-700">{d.ownerUpn.slice(0, at)}<wbr />{d.ownerUpn.slice(at)}</span>;
    }
    case "platform":
      return t(`platform.${d.platform}`);
    case "os":
      return d.osVersion;
    case "azureDeviceId":
      return <AzureDeviceId id={d.azureDeviceId} t={t} />;
    case "clientStatus":
      return <ClientStatus code={d.clientStatusCode} locale={locale} t={t} />;
    case "azureState":
      return <AzureStateBadge state={d.azureState} t={t} />;
    case "reportTime":
      return <ReportTime device={d} integrationEnabled={ctx.integrationEnabled} locale={locale} t={t} />;
    case "lastCheckIn":
      return <DateTime value={d.lastCheckInAt} locale={locale} />;
  }
}

/**
 * The device list: @tanstack/react-table over rows the server already filtered, sorted and
 * paged (everything lives in the URL: sort headers, paging and filters are links and GET
 * forms). The table adds the column model, hidden columns and row selection for Resync.
 * The page gives it a key per URL, so a new page of rows starts with nothing selected.
 */
export function DeviceTable({
  rows,
  total,
  params,
  hidden,
  integrationEnabled,
  locale,
  canResync,
  resyncSelected,
  toolbar,
}: {
  rows: DeviceListRow[];
  total: number;
  params: DeviceListParams;
  hidden: DeviceColumn[];
  integrationEnabled: boolean;
  locale: Locale;
  canResync: boolean;
  resyncSelected: Action;
  /** The list's other buttons (resync by filter, export, columns), on the selection's row. */
  toolbar?: React.ReactNode;
}) {
  const t = useMemo(() => translator(locale), [locale]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [state, formAction, pending] = useActionState(resyncSelected, {});
  // Until hydrated, ticking boxes is plain HTML (the form still posts them): the count is unknown.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);

  const columns = useMemo<ColumnDef<DeviceListRow>[]>(() => {
    const ctx = { integrationEnabled, locale, t };
    const data: ColumnDef<DeviceListRow>[] = (Object.keys(COLUMN_META) as DeviceColumn[]).map((column) => ({
      id: column,
      header: () => <SortHeader column={column} params={params} hidden={hidden} t={t} />,
      cell: ({ row }) => cellOf(column, row.original, ctx),
      enableHiding: column !== "name",
    }));
    if (!canResync) return data;
    const select: ColumnDef<DeviceListRow> = {
      id: "select",
      enableHiding: false,
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label={t("devices.selectAll")}
          checked={table.getIsAllRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomeRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          name="deviceId"
          value={row.original.id}
          form={SELECTION_FORM}
          aria-label={t("devices.selectRow", { name: row.original.name })}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    };
    return [select, ...data];
  }, [canResync, hidden, integrationEnabled, locale, params, t]);

  const columnVisibility = useMemo<VisibilityState>(() => Object.fromEntries(hidden.map((c) => [c, false])), [hidden]);
  // TanStack Table hands out new functions each render; this component is not compiler-memoized (React Compiler skips it).
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    rowCount: total,
    state: { rowSelection, columnVisibility },
    onRowSelectionChange: setRowSelection,
    enableRowSelection: canResync,
  });
  const selected = Object.keys(rowSelection).length;

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-start justify-between gap-3">
        {canResync ? (
          <form id={SELECTION_FORM} action={formAction} aria-label={t("bulk.label")} className="flex flex-wrap items-start gap-3">
            <Confirm
              label={hydrated ? t("bulk.resyncSelected", { count: selected }) : t("deviceDetail.resync")}
              question={hydrated ? t("bulk.resyncSelectedConfirm", { count: selected }) : t("bulk.resyncSelectedConfirm", { count: "…" })}
              disabled={hydrated && selected === 0}
            >
              <SubmitButton disabled={pending}>{t("bulk.confirm")}</SubmitButton>
            </Confirm>
            <ActionStatus state={state} />
          </form>
        ) : (
          <span />
        )}
        {toolbar}
      </div>
      <Table empty={rows.length === 0 ? <EmptyRow>{t("devices.empty")}</EmptyRow> : undefined}>
        <THead>
          {table.getHeaderGroups()[0]!.headers.map((header) => {
            const meta = COLUMN_META[header.column.id as DeviceColumn];
            const sorted = meta?.sort !== undefined && params.sort === meta.sort ? (params.dir === "asc" ? "ascending" : "descending") : undefined;
            return (
              <Th key={header.id} sort={sorted} compact className={header.column.id === "select" ? "w-8" : ""}>
                {flexRender(header.column.columnDef.header, header.getContext())}
              </Th>
            );
          })}
        </THead>
        <TBody>
          {table.getRowModel().rows.map((row) => (
            <Tr key={row.id} className={row.getIsSelected() ? "bg-sky-50" : "hover:bg-slate-50"}>
              {row.getVisibleCells().map((cell) => (
                <Td key={cell.id} compact className={COLUMN_META[cell.column.id as DeviceColumn]?.className ?? ""}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Td>
              ))}
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
