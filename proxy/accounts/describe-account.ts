import type { Account } from './account-file.js';
import type { AccountRuntime } from './account-runtime.js';

/** An account's state in words, as its owner needs it: "ready", "cooling until 14:05: 5-hour limit", "needs login: …". */
export function describeAccount(account: Account, runtime: AccountRuntime | null = null, now: number = Date.now()): string {
  const { data } = account;
  if (data.disabled) return 'disabled';
  if (data.needs_login) return `needs login: ${data.needs_login}`;
  if (runtime?.cooldownUntil && runtime.cooldownUntil > now) {
    return `cooling until ${formatTime(runtime.cooldownUntil, now)}: ${runtime.cooldownReason ?? 'recent errors'}`;
  }
  if (!data.expires_at) return 'ready';
  const expires = Date.parse(data.expires_at);
  if (expires > now) return `ready (token valid until ${formatTime(expires, now)})`;
  return data.refresh_token ? 'ready (token expired; refreshed on the next request)' : 'needs login: the token expired and there is no refresh token';
}

/** "14:05" today, "Nov 24, 14:05" on another day (local time of the server). */
function formatTime(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date(now).toDateString() ? time : `${date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}, ${time}`;
}
