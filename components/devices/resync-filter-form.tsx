"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/ui/action-status";
import { Confirm, SubmitButton } from "@/components/ui/confirm";
import type { ActionResult } from "@/lib/integration/action-result";

type Action = (prev: ActionResult, formData: FormData) => Promise<ActionResult>;

/**
 * Resync every device matching a filter, after a confirmation that says how many. The form
 * carries the filter itself (the server counts and resyncs the devices matching it then).
 */
export function ResyncFilterForm({
  action,
  filter,
  count,
  texts,
  align = "left",
}: {
  action: Action;
  filter: Record<string, string>;
  count: number;
  texts: { label: string; question: string; confirm: string };
  align?: "left" | "right";
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={texts.label} className={`flex flex-col gap-2 ${align === "right" ? "items-end" : "items-start"}`}>
      {Object.entries(filter).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {/* Nothing matches (any more): no button, but the form stays to show the last answer. */}
      {count > 0 && (
        <Confirm label={texts.label} question={texts.question} align={align}>
          <SubmitButton name="confirm" value="yes" disabled={pending}>
            {texts.confirm}
          </SubmitButton>
        </Confirm>
      )}
      <ActionStatus state={state} />
    </form>
  );
}
