/**
 * Which notifications to show about the accounts, and the memory that keeps them from repeating: an account that
 * needs a login is announced once until it is fixed; a usage window above 90 % once per window period (until it
 * resets, or drops below 80 %). Pure: the caller keeps the memory (in the settings, so a restart does not repeat
 * them either) and shows the notices through main/notifier.ts.
 */
import type { AccountStatus, QuotaWindowStatus } from './account-status.js';
import type { DesktopProvider } from './desktop-providers.js';

/** "above 90 %", as the dashboard's overview says too. */
export const QUOTA_ALERT_PERCENT = 90;
/** Below this the window counts as relieved, and going above 90 % again is news. */
export const QUOTA_REARM_PERCENT = 80;
/** How long a window without a known reset time stays announced. */
const UNKNOWN_RESET_QUIET_MS = 6 * 60 * 60 * 1000;
/** Reset times of one window seen from two sources (headers, usage endpoint) may differ by a little. */
const SAME_PERIOD_TOLERANCE_MS = 60 * 60 * 1000;

export type NoticeAction = { type: 'login'; providerId: string; methodId: string } | { type: 'open-dashboard' };

export interface Notice {
  /** Stable identity: the dedupe key. */
  key: string;
  title: string;
  body: string;
  /** What clicking it does. */
  action: NoticeAction;
}

/** Notice key → until when it stays announced (ms epoch; 0: until the condition ends). */
export type SentNotices = Readonly<Record<string, number>>;

export function decideAccountNotices(
  accounts: readonly AccountStatus[],
  sent: SentNotices,
  now: number,
  providers: readonly DesktopProvider[],
): { notices: Notice[]; sent: Record<string, number> } {
  const notices: Notice[] = [];
  // Rebuilt from what is true now: entries for fixed accounts, relieved windows and removed accounts drop out.
  const next: Record<string, number> = {};

  for (const account of accounts) {
    if (!account.enabled) continue;
    const provider = providers.find((candidate) => candidate.id === account.provider);
    const providerName = provider?.name ?? account.provider;

    if (account.needsLogin !== null) {
      const key = `needs-login:${account.id}`;
      next[key] = 0;
      if (!(key in sent)) {
        notices.push({
          key,
          title: `${providerName} account needs a new login`,
          body: `${account.name}: ${account.needsLogin}. Click to log in again.`,
          action: loginActionFor(provider),
        });
      }
    }

    for (const window of account.windows) {
      if (window.resetsAt !== null && window.resetsAt <= now) continue; // stale: that period is over
      const key = `quota:${account.id}:${window.name}`;
      const until = sent[key];
      const stillAnnounced = until !== undefined && (now < until || (window.resetsAt !== null && Math.abs(window.resetsAt - until) < SAME_PERIOD_TOLERANCE_MS));
      if (window.usedPercent < QUOTA_REARM_PERCENT) continue;
      if (stillAnnounced) {
        next[key] = until;
        continue;
      }
      if (window.usedPercent <= QUOTA_ALERT_PERCENT) continue;
      next[key] = window.resetsAt ?? now + UNKNOWN_RESET_QUIET_MS;
      notices.push({
        key,
        title: `${providerName}: ${window.label} at ${Math.round(window.usedPercent)} %`,
        body: `${account.name}${describeReset(window, now)}.`,
        action: { type: 'open-dashboard' },
      });
    }
  }
  return { notices, sent: next };
}

/** The provider's in-app login (an app window), else its first method; the dashboard when there is none. */
function loginActionFor(provider: DesktopProvider | undefined): NoticeAction {
  const method = provider?.logins.find((login) => login.kind === 'oauth-window') ?? provider?.logins[0];
  return provider && method ? { type: 'login', providerId: provider.id, methodId: method.id } : { type: 'open-dashboard' };
}

/** ", resets in 2 h 10 min" — or nothing when the provider does not say. */
export function describeReset(window: Pick<QuotaWindowStatus, 'resetsAt'>, now: number): string {
  if (window.resetsAt === null) return '';
  const minutes = Math.max(1, Math.round((window.resetsAt - now) / 60_000));
  if (minutes < 60) return `, resets in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `, resets in ${hours} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
  return `, resets in ${Math.round(hours / 24)} days`;
}
