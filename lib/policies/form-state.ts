import type { PolicyField, PolicyFormValues } from "../domain/policy-draft";
import type { ImpactPreview } from "./impact-preview";

/** The values a preview was computed for (the Retire confirmation is not part of them). */
export type PreviewedValues = Omit<PolicyFormValues, "confirmRetire">;

/** What the policy editor's actions answer to their forms (read with useActionState). Texts already translated. */
export interface PolicyFormState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Partial<Record<PolicyField, string>>;
  /**
   * The impact of the values posted: the token a save of exactly those values must carry,
   * and the values themselves (the form offers Save only while it still shows them).
   */
  preview?: ImpactPreview & { token: string; values: PreviewedValues | null };
}

export function previewedValues(values: PolicyFormValues): PreviewedValues {
  return {
    name: values.name,
    description: values.description,
    platforms: values.platforms,
    enabled: values.enabled,
    minOsIOS: values.minOsIOS,
    minOsANDROID: values.minOsANDROID,
    passcodeRequired: values.passcodeRequired,
    encryptionRequired: values.encryptionRequired,
    noJailbreak: values.noJailbreak,
    forbiddenApps: values.forbiddenApps,
    maxDaysSinceCheckIn: values.maxDaysSinceCheckIn,
    actions: values.actions,
  };
}

/** True when the form still shows the values that were previewed. */
export function sameValues(values: PolicyFormValues, previewed: PreviewedValues | null): boolean {
  if (!previewed) return false;
  const current = previewedValues(values);
  return (Object.keys(previewed) as (keyof PreviewedValues)[]).every((key) => JSON.stringify(current[key]) === JSON.stringify(previewed[key]));
}
