import type { Metadata } from "next";
import { Code } from "@/components/ui/format";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { openApiDocument } from "@/lib/api/openapi";
import { operations, type FieldRow } from "@/lib/api/reference";
import { getTranslator } from "@/lib/i18n/server";

export const metadata: Metadata = { title: "Device API reference" };

/**
 * Public: the device API's reference, rendered on the server from the OpenAPI document
 * (itself generated from the validating schemas). No script, no external asset.
 */
function Fields({ rows, t }: { rows: FieldRow[]; t: Awaited<ReturnType<typeof getTranslator>>["t"] }) {
  return (
    <Table framed={false}>
      <THead>
        <Th>{t("apiReference.field")}</Th>
        <Th>{t("apiReference.type")}</Th>
        <Th>{t("apiReference.required")}</Th>
        <Th>{t("apiReference.constraints")}</Th>
        <Th>{t("apiReference.description")}</Th>
      </THead>
      <TBody>
        {rows.map((row) => (
          <Tr key={row.path}>
            <Td><Code>{row.path}</Code></Td>
            <Td className="font-mono text-xs">{row.type}</Td>
            <Td>{row.required ? t("common.yes") : t("common.no")}</Td>
            <Td className="max-w-md break-words font-mono text-xs text-slate-700">{row.constraints.join("; ")}</Td>
            <Td className="text-slate-700">{row.description}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

const EXAMPLE = `# The MDM server enrols a device with an API key (Settings > API keys):
curl -s http://localhost:3000/api/v1/enrollments \\
  -H "Authorization: Bearer $API_KEY" -H "Content-Type: application/json" \\
  -d '{"platform":"IOS",
       "inventory":{"name":"Ana'\\''s iPhone","manufacturer":"Apple","model":"iPhone 15 Pro","osVersion":"18.1.1",
                    "serialNumber":"F2LXK0ABCD12","ownerUpn":"ana.garcia@contoso.example"},
       "compliance":{"passcodeSet":true,"encrypted":true,"jailbroken":false,"installedApps":["com.microsoft.azureauthenticator"]},
       "azure":{"deviceId":null,"clientStatusCode":"User_Canceled"}}'
# -> 201 {"deviceId":"...","deviceToken":"cdt_...", ...}

# The device checks in with its own token (a retry reuses the same checkInId):
curl -s http://localhost:3000/api/v1/devices/$DEVICE_ID/check-ins \\
  -H "Authorization: Bearer $DEVICE_TOKEN" -H "Content-Type: application/json" \\
  -d '{"checkInId":"'$(uuidgen)'",
       "inventory":{"name":"Ana'\\''s iPhone","manufacturer":"Apple","model":"iPhone 15 Pro","osVersion":"18.1.1",
                    "serialNumber":"F2LXK0ABCD12","ownerUpn":"ana.garcia@contoso.example"},
       "compliance":{"passcodeSet":true,"encrypted":true,"jailbroken":false,"installedApps":["com.microsoft.azureauthenticator"]},
       "azure":{"deviceId":"007c8232-9489-4074-9b35-345b16f0a72d","clientStatusCode":"Success"}}'`;

export default async function ApiReferencePage() {
  const { t } = await getTranslator();
  const ops = operations(openApiDocument());
  return (
    <article className="flex max-w-6xl flex-col gap-6">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold">{t("apiReference.title")}</h1>
        <p className="text-sm text-slate-700">{t("apiReference.intro")}</p>
        <p className="text-sm"><a href="/api/v1/openapi.json" className="text-sky-800 underline">{t("apiReference.openapi")}</a> <Code>/api/v1/openapi.json</Code></p>
        <p className="text-sm text-slate-700">{t("apiReference.errorShape")}</p>
      </header>
      <nav aria-label={t("apiReference.contents")}>
        <h2 className="text-lg font-semibold">{t("apiReference.contents")}</h2>
        <ul className="mt-2 flex flex-col gap-1 text-sm">
          {ops.map((op) => (
            <li key={op.id}><a href={`#${op.id}`} className="text-sky-800 underline"><Code>{op.method} {op.path}</Code></a> {op.summary}</li>
          ))}
        </ul>
      </nav>
      {ops.map((op) => (
        <section key={op.id} id={op.id} aria-labelledby={`${op.id}-title`} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id={`${op.id}-title`} className="text-lg font-semibold"><Code>{op.method} {op.path}</Code> {op.summary}</h2>
          <p className="text-sm text-slate-700">{op.description}</p>
          <p className="text-sm"><span className="font-medium">{t("apiReference.credential")}:</span> {t(op.security === "apiKey" ? "apiReference.credentials.apiKey" : "apiReference.credentials.deviceToken")}</p>
          {op.parameters.length > 0 && (<><h3 className="text-sm font-semibold">{t("apiReference.parameters")}</h3><Fields rows={op.parameters} t={t} /></>)}
          {op.body && (<><h3 className="text-sm font-semibold">{t("apiReference.body")} {op.body.name && <Code>{op.body.name}</Code>}</h3><Fields rows={op.body.fields} t={t} /></>)}
          <h3 className="text-sm font-semibold">{t("apiReference.response")} <Code>{op.success.status}</Code> {op.success.name && <Code>{op.success.name}</Code>}</h3>
          <p className="text-sm text-slate-700">{op.success.description}</p>
          <details className="text-sm"><summary className="cursor-pointer">{t("apiReference.fields")}</summary><Fields rows={op.success.fields} t={t} /></details>
          <h3 className="text-sm font-semibold">{t("apiReference.errors")}</h3>
          <ul className="text-sm">
            {op.errors.map((e) => <li key={e.status}><Code>{e.status}</Code> {e.description}</li>)}
          </ul>
        </section>
      ))}
      <section aria-labelledby="example" className="flex flex-col gap-2">
        <h2 id="example" className="text-lg font-semibold">{t("apiReference.example")}</h2>
        <pre className="overflow-x-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">{EXAMPLE}</pre>
      </section>
    </article>
  );
}
