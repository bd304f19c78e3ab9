import { Card, Field, Fields } from "@/components/ui/card";
import { DateTime } from "@/components/ui/format";
import type { DeviceDetail } from "@/lib/db/device-detail";
import type { Locale } from "@/lib/i18n/locale";
import type { Translator } from "@/lib/i18n/translate";

/** What the device last reported about itself: hardware, identifiers and the facts the policies check. */
export function InventoryCard({ device, locale, t }: { device: DeviceDetail; locale: Locale; t: Translator }) {
  const yesNo = (v: boolean) => t(v ? "common.yes" : "common.no");
  return (
    <Card id="inventory" title={t("deviceDetail.inventoryTitle")}>
      <Fields>
        <Field label={t("deviceDetail.manufacturer")}>{device.manufacturer}</Field>
        <Field label={t("deviceDetail.model")}>{device.model}</Field>
        <Field label={t("devices.columns.os")}>{t(`platform.${device.platform}`)} {device.osVersion}</Field>
        <Field label={t("deviceDetail.serial")}><span className="font-mono">{device.serialNumber}</span></Field>
        {device.udid && <Field label={t("deviceDetail.udid")}><span className="break-all font-mono text-xs">{device.udid}</span></Field>}
        {device.imei && <Field label={t("deviceDetail.imei")}><span className="font-mono">{device.imei}</span></Field>}
        <Field label={t("devices.columns.owner")}>{device.ownerUpn}</Field>
        <Field label={t("deviceDetail.enrolled")}>
          <DateTime value={device.enrolledAt} locale={locale} />
          {device.enrolledByKeyId && <span className="block text-xs text-slate-600">{t("deviceDetail.enrolledByApi")}</span>}
        </Field>
        <Field label={t("deviceDetail.passcode")}>{yesNo(device.passcodeSet)}</Field>
        <Field label={t("deviceDetail.encrypted")}>{yesNo(device.encrypted)}</Field>
        <Field label={t("deviceDetail.jailbroken")}>{yesNo(device.jailbroken)}</Field>
        <Field label={t("deviceDetail.apps", { count: device.installedApps.length })}>
          <ul className="flex flex-wrap gap-1">
            {device.installedApps.map((app) => (
              <li key={app} className="max-w-full rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all text-slate-800">{app}</li>
            ))}
          </ul>
        </Field>
      </Fields>
    </Card>
  );
}
