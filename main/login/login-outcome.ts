/**
 * How a login run from the desktop ended. Shaped to be the bridge's LoginOutcomeView (preload/contract.ts) as
 * it is: "done" adds the account's name and any message for the person; "failed" carries a sentence with the fix.
 */
import type { Account } from '../../proxy/index.js';

export type DesktopLoginOutcome =
  | { status: 'done'; accountId: string; /** The e-mail, label or file id: what to call the account. */ account: string; message: string | null }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export function loggedIn(account: Account, message: string | null = null): DesktopLoginOutcome {
  return { status: 'done', accountId: account.id, account: account.data.label ?? account.data.email ?? account.id, message };
}

export function loginFailed(error: unknown): DesktopLoginOutcome {
  return { status: 'failed', message: describeLoginError(error) };
}

export function describeLoginError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() || 'the login failed for a reason nobody said: start it again';
}
