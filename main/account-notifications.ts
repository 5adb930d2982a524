/**
 * Turns each fresh read of the accounts into notifications (main/notification-rules.ts decides), keeping what
 * was announced in the settings so neither the next poll nor the next start repeats it. With notifications
 * turned off the memory is still kept, so turning them on later does not flood the person with old news.
 */
import type { AccountStatus } from './account-status.js';
import type { DesktopProvider } from './desktop-providers.js';
import { decideAccountNotices, type Notice, type NoticeAction, type SentNotices } from './notification-rules.js';

export interface AccountNotificationDeps {
  providers: readonly DesktopProvider[];
  now(): number;
  enabled(): boolean;
  sent(): SentNotices;
  saveSent(sent: Record<string, number>): void;
  show(notice: Notice, onClick: () => void): void;
  perform(action: NoticeAction): void;
}

/** Call with every new account list (null while the proxy is not running: nothing is decided then). */
export function createAccountNotifications(deps: AccountNotificationDeps): (accounts: AccountStatus[] | null) => void {
  return (accounts) => {
    if (accounts === null) return;
    const previous = deps.sent();
    const decision = decideAccountNotices(accounts, previous, deps.now(), deps.providers);
    if (JSON.stringify(decision.sent) !== JSON.stringify(previous)) deps.saveSent(decision.sent);
    if (!deps.enabled()) return;
    for (const notice of decision.notices) deps.show(notice, () => deps.perform(notice.action));
  };
}
