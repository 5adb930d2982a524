import type { Account } from './account-file.js';
import type { AccountRuntime } from './account-runtime.js';

/**
 * Why the account cannot work until its owner logs in again, or null: the provider refused its refresh token, or
 * its token expired and there is no refresh token to get another.
 */
export function needsLoginReason(account: Account, now: number = Date.now()): string | null {
  const { data } = account;
  if (data.needs_login) return data.needs_login;
  if (data.expires_at && Date.parse(data.expires_at) <= now && !data.refresh_token) return 'the token expired and there is no refresh token';
  return null;
}

/** What an account can do now, for programs (the dashboard picks its badge and actions by it). */
export type AccountStatus = 'ready' | 'cooling' | 'needs_login' | 'disabled';

export function accountStatus(account: Account, runtime: AccountRuntime | null = null, now: number = Date.now()): AccountStatus {
  if (account.data.disabled) return 'disabled';
  if (needsLoginReason(account, now)) return 'needs_login';
  if (runtime?.cooldownUntil && runtime.cooldownUntil > now) return 'cooling';
  return 'ready';
}

/** An account's state in words, as its owner needs it: "ready", "cooling until 14:05: 5-hour limit", "needs login: …". */
export function describeAccount(account: Account, runtime: AccountRuntime | null = null, now: number = Date.now()): string {
  const { data } = account;
  switch (accountStatus(account, runtime, now)) {
    case 'disabled':
      return 'disabled';
    case 'needs_login':
      return `needs login: ${needsLoginReason(account, now) ?? ''}`;
    case 'cooling':
      return `cooling until ${formatTime(runtime?.cooldownUntil ?? now, now)}: ${runtime?.cooldownReason ?? 'recent errors'}`;
    case 'ready':
      break;
  }
  if (!data.expires_at) return 'ready';
  const expires = Date.parse(data.expires_at);
  if (expires > now) return `ready (token valid until ${formatTime(expires, now)})`;
  return 'ready (token expired; refreshed on the next request)';
}

/** "14:05" today, "Nov 24, 14:05" on another day (local time of the server). */
function formatTime(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date(now).toDateString() ? time : `${date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}, ${time}`;
}
