import { describe, expect, it } from 'vitest';
import type { AccountStatus } from './account-status.js';
import { createAccountNotifications } from './account-notifications.js';
import type { DesktopProvider } from './desktop-providers.js';
import type { Notice, NoticeAction } from './notification-rules.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const providers: DesktopProvider[] = [{ id: 'anthropic', name: 'Claude', logins: [{ id: 'oauth', label: 'Log in to Claude…', kind: 'oauth-window' }] }];
const needsLogin: AccountStatus = { id: 'me', provider: 'anthropic', name: 'me@example.com', enabled: true, needsLogin: 'refused', windows: [] };

function setup(enabled = true) {
  let sent: Record<string, number> = {};
  const saves: Record<string, number>[] = [];
  const shown: Notice[] = [];
  const performed: NoticeAction[] = [];
  const onAccounts = createAccountNotifications({
    providers,
    now: () => NOW,
    enabled: () => enabled,
    sent: () => sent,
    saveSent: (next) => {
      sent = next;
      saves.push(next);
    },
    show: (notice, onClick) => {
      shown.push(notice);
      onClick();
    },
    perform: (action) => performed.push(action),
  });
  return { onAccounts, saves, shown, performed };
}

describe('createAccountNotifications', () => {
  it('shows a notice once, remembers it, and performs its action on click', () => {
    const { onAccounts, saves, shown, performed } = setup();
    onAccounts([needsLogin]);
    onAccounts([needsLogin]);
    expect(shown.map((notice) => notice.key)).toEqual(['needs-login:me']);
    expect(saves).toEqual([{ 'needs-login:me': 0 }]);
    expect(performed).toEqual([{ type: 'login', providerId: 'anthropic', methodId: 'oauth' }]);
  });

  it('decides nothing while the proxy is not running', () => {
    const { onAccounts, saves, shown } = setup();
    onAccounts(null);
    expect(saves).toEqual([]);
    expect(shown).toEqual([]);
  });

  it('keeps the memory but shows nothing when notifications are off', () => {
    const { onAccounts, saves, shown } = setup(false);
    onAccounts([needsLogin]);
    expect(shown).toEqual([]);
    expect(saves).toEqual([{ 'needs-login:me': 0 }]);
  });
});
