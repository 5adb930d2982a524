import { describe, expect, it } from 'vitest';
import type { AccountView } from '../admin-api';
import { attentionItems } from './overview-page';

const account = (overrides: Partial<AccountView>): AccountView => ({
  id: 'a1',
  provider: 'anthropic',
  email: 'me@example.com',
  label: null,
  plan: 'max',
  priority: 0,
  enabled: true,
  state: 'ready',
  cooldownUntil: null,
  cooldownReason: null,
  needsLogin: null,
  quota: null,
  usage: { requests: 0, errors: 0, lastUsedAt: null, lastError: null },
  ...overrides,
});

describe('attentionItems', () => {
  const now = Date.UTC(2026, 0, 1);
  it('lists accounts needing a login or cooling down, and windows above 90 %', () => {
    const items = attentionItems(
      [
        account({ id: 'ok' }),
        account({ id: 'login', state: 'needs login: run `switchboard login anthropic`' }),
        account({ id: 'cool', state: 'cooling until 14:05: 5-hour limit' }),
        account({ id: 'full', quota: { windows: [{ name: '7d', label: 'Weekly', usedPercent: 95, resetsAt: now + 3_600_000 }], observedAt: null, source: null, lastError: null } }),
        account({ id: 'fine', quota: { windows: [{ name: '5h', label: '5-hour', usedPercent: 90, resetsAt: null }], observedAt: null, source: null, lastError: null } }),
      ],
      now,
    );
    expect(items.map((item) => item.key)).toEqual(['login:state', 'cool:state', 'full:7d']);
    expect(items[2]?.text).toContain('Weekly at 95 %, resets in 1 h');
  });
});
