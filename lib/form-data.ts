/**
 * A server action's form argument as it really arrived. Actions are public HTTP endpoints: a
 * hand-made request may send anything in place of the form. Anything that is not FormData
 * reads as an empty form, which each action's own validation then refuses with its usual
 * message, instead of failing with a TypeError.
 */
export function formFields(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}
