import { signOutAction } from "@/app/actions";
import type { Translator } from "@/lib/i18n/translate";
import type { MessageKey } from "@/lib/i18n/translate";

/** Who is signed in, with which role, and the way out. A form: works without JavaScript. */
export function UserMenu({ user, t }: { user: { name: string; email: string; role: string }; t: Translator }) {
  return (
    <div className="flex items-center gap-2 text-xs" data-testid="user-menu">
      <span className="flex flex-col text-right leading-tight">
        <span className="font-semibold" title={user.email}>{user.name}</span>
        <span className="text-slate-300">
          {t(`auth.roles.${user.role}` as MessageKey)} <code className="font-mono">{user.role}</code>
        </span>
      </span>
      <form action={signOutAction}>
        <button type="submit" className="rounded border border-slate-500 px-2 py-1 font-medium text-slate-100 hover:bg-slate-700">
          {t("auth.signOut")}
        </button>
      </form>
    </div>
  );
}
