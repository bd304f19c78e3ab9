"use client";

import { useActionState } from "react";
import { ActionStatus } from "@/components/ui/action-status";
import { Confirm, SubmitButton } from "@/components/ui/confirm";
import type { ActionResult } from "@/lib/integration/action-result";

type Action = (prev: ActionResult, formData: FormData) => Promise<ActionResult>;

/** Resync: one press queues a report (the action answers by redirecting back to the page). */
export function ResyncForm({ action, deviceId, label, pendingLabel }: { action: Action; deviceId: string; label: string; pendingLabel: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={label} className="flex flex-col items-end gap-2">
      <input type="hidden" name="deviceId" value={deviceId} />
      <SubmitButton disabled={pending}>{pending ? pendingLabel : label}</SubmitButton>
      <ActionStatus state={state} />
    </form>
  );
}

/** Retire: asks first, then queues the removal from Azure. */
export function RetireForm({ action, deviceId, texts }: { action: Action; deviceId: string; texts: { label: string; question: string; confirm: string } }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} aria-label={texts.label} className="flex flex-col items-end gap-2">
      <input type="hidden" name="deviceId" value={deviceId} />
      <Confirm label={texts.label} question={texts.question} tone="danger" align="right">
        <SubmitButton tone="danger" name="confirm" value="yes" disabled={pending}>
          {texts.confirm}
        </SubmitButton>
      </Confirm>
      <ActionStatus state={state} />
    </form>
  );
}
