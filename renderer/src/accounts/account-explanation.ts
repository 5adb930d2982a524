/**
 * An account card's words about its state: a short badge ("needs login"), the explanation once in the card's text
 * (why, and what to do — with the command for those who use the CLI), and the last error only when it says
 * something the explanation does not.
 */
import type { AccountStatus, AccountView } from '../admin-api';
import { cliCommand } from '../cli-command';

/** The badge: a word or two per status (GET /admin/accounts `status`); the card's text says the rest. */
export const STATUS_BADGE: Record<AccountStatus, string> = { ready: 'ready', cooling: 'cooling', needs_login: 'needs login', disabled: 'disabled' };

export interface AccountExplanation {
  /** error: the account cannot serve until the person acts; warn: it waits by itself; note: all is well. */
  tone: 'error' | 'warn' | 'note';
  /** A sentence; a command in it is in backticks. */
  text: string;
}

type Explained = Pick<AccountView, 'provider' | 'status' | 'state' | 'needsLogin'>;

/** "the token expired." → "The token expired" (without its full stop, so the caller may go on). */
function clause(text: string): string {
  const trimmed = text.trim().replace(/\.+$/, '');
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}

/** Why the account needs a login, from the admin API's `needsLogin`, else from its state ("needs login: …"). */
function loginReason(account: Explained): string {
  if (typeof account.needsLogin === 'string' && account.needsLogin.trim() !== '') return account.needsLogin.trim();
  return account.state.replace(/^needs login:?\s*/i, '').trim();
}

/** What the badge leaves out, or null when the badge says it all (a disabled account, a ready one with no token news). */
export function accountExplanation(account: Explained): AccountExplanation | null {
  switch (account.status) {
    case 'needs_login': {
      const reason = loginReason(account) || 'its login is no longer accepted';
      // The proxy's reason names the command ("… — run `switchboard login anthropic`"); one without it gets it here.
      const withCommand = reason.includes('`') ? reason : `${reason} — run \`${cliCommand(`login ${account.provider}`)}\``;
      return { tone: 'error', text: `${clause(withCommand)}, or press “Log in again”.` };
    }
    case 'cooling':
      return { tone: 'warn', text: `${clause(account.state)}.` };
    case 'ready': {
      const detail = /^ready \((.+)\)$/.exec(account.state)?.[1];
      return detail ? { tone: 'note', text: `${clause(detail)}.` } : null;
    }
    case 'disabled':
      return null;
  }
}

const normalized = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The account's last error, unless it says again what the explanation says: the refused login of an account that
 * needs one ("an account needs a new login: <reason> — account …"), the reason a cooling account cools down.
 */
export function lastErrorToShow(account: Explained & Pick<AccountView, 'cooldownReason' | 'usage'>): string | null {
  const error = account.usage.lastError;
  if (!error) return null;
  const explained = account.status === 'needs_login' ? loginReason(account) : account.status === 'cooling' ? account.cooldownReason : null;
  return explained && normalized(error).includes(normalized(explained)) ? null : error;
}
