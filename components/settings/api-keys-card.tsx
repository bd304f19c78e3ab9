import Link from "next/link";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/settings/api-keys/actions";
import { Badge } from "@/components/ui/badge";
import { Code, DateTime } from "@/components/ui/format";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { prisma } from "@/lib/db";
import { listApiKeys } from "@/lib/db/api-keys";
import { getTranslator } from "@/lib/i18n/server";
import { CreateApiKeyForm, RevokeApiKeyForm } from "./api-key-forms";

/**
 * The settings page's API keys (ADMIN: the page checks settings.read, the actions apikeys.manage).
 * Reads its own rows so the page adds it with one line.
 */
export async function ApiKeysCard() {
  const [{ locale, t }, database] = await Promise.all([getTranslator(), prisma()]);
  const keys = await listApiKeys(database);
  return (
    <section aria-labelledby="api-keys" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:col-span-2">
      <h2 id="api-keys" className="text-lg font-semibold">{t("apiKeys.title")}</h2>
      <div className="mt-3 flex flex-col gap-3">
        <p className="text-sm text-slate-700">
          {t("apiKeys.intro")} <Link href="/api-reference" className="text-sky-800 underline">{t("apiKeys.reference")}</Link>
        </p>
        <CreateApiKeyForm action={createApiKeyAction} texts={{ form: t("apiKeys.create"), name: t("apiKeys.name"), create: t("apiKeys.create"), theKey: t("apiKeys.theKey") }} />
        {keys.length === 0 ? (
          <p className="text-sm text-slate-600">{t("apiKeys.none")}</p>
        ) : (
          <Table label={t("apiKeys.title")} framed={false}>
            <THead>
              <Th compact>{t("apiKeys.name")}</Th>
              <Th compact>{t("apiKeys.prefix")}</Th>
              <Th compact>{t("apiKeys.createdBy")}</Th>
              <Th compact>{t("apiKeys.createdAt")}</Th>
              <Th compact>{t("apiKeys.lastUsed")}</Th>
              <Th compact>{t("apiKeys.status")}</Th>
              <Th compact><span className="sr-only">{t("apiKeys.revoke")}</span></Th>
            </THead>
            <TBody>
              {keys.map((key) => (
                <Tr key={key.id}>
                  <Td compact className="min-w-32">{key.name}</Td>
                  <Td compact><Code>{key.prefix}…</Code></Td>
                  <Td compact>{key.createdBy}</Td>
                  <Td compact className="text-xs"><DateTime value={key.createdAt} locale={locale} /></Td>
                  <Td compact className="text-xs"><DateTime value={key.lastUsedAt} locale={locale} fallback={t("common.never")} /></Td>
                  <Td compact className="text-xs">
                    {key.revokedAt ? (
                      <><Badge tone="gray">{t("apiKeys.revoked")}</Badge> <DateTime value={key.revokedAt} locale={locale} /></>
                    ) : (
                      <Badge tone="green">{t("apiKeys.active")}</Badge>
                    )}
                  </Td>
                  <Td compact>{!key.revokedAt && <RevokeApiKeyForm action={revokeApiKeyAction} id={key.id} label={t("apiKeys.revokeNamed", { prefix: key.prefix })} />}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </div>
    </section>
  );
}
