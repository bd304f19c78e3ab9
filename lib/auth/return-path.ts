/** Where to go after signing in: a local path only (never another site), else the device list. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.startsWith("/signin")) return "/devices";
  return next;
}
