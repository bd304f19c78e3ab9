import Link from "next/link";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/settings/api-keys/actions";
import { Badge } from "@/components/ui/badge";
import { Code, DateTime } from "@/components/ui/format";
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
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" aria-labelledby="api-keys">
              <thead className="text-left text-xs text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-4">{t("apiKeys.name")}</th>
                  <th scope="col" className="py-1 pr-4">{t("apiKeys.prefix")}</th>
                  <th scope="col" className="py-1 pr-4">{t("apiKeys.createdBy")}</th>
                  <th scope="col" className="py-1 pr-4">{t("apiKeys.createdAt")}</th>
                  <th scope="col" className="py-1 pr-4">{t("apiKeys.lastUsed")}</th>
                  <th scope="col" className="py-1 pr-4">{t("apiKeys.status")}</th>
                  <th scope="col" className="py-1"><span className="sr-only">{t("apiKeys.revoke")}</span></th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id} className="border-t border-slate-100 align-top">
                    <td className="py-1 pr-4">{key.name}</td>
                    <td className="py-1 pr-4"><Code>{key.prefix}…</Code></td>
                    <td className="py-1 pr-4">{key.createdBy}</td>
                    <td className="py-1 pr-4"><DateTime value={key.createdAt} locale={locale} /></td>
                    <td className="py-1 pr-4"><DateTime value={key.lastUsedAt} locale={locale} fallback={t("common.never")} /></td>
                    <td className="py-1 pr-4">
                      {key.revokedAt ? (
                        <><Badge tone="gray">{t("apiKeys.revoked")}</Badge> <DateTime value={key.revokedAt} locale={locale} /></>
                      ) : (
                        <Badge tone="green">{t("apiKeys.active")}</Badge>
                      )}
                    </td>
                    <td className="py-1">{!key.revokedAt && <RevokeApiKeyForm action={revokeApiKeyAction} id={key.id} label={t("apiKeys.revokeNamed", { prefix: key.prefix })} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
