import { describe, expect, it } from 'vitest';
import type { AccountView } from '../admin-api';
import { limitsOf } from './keys-page';
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

describe('limitsOf', () => {
  const base = { owner: '', role: 'client' as const, expiresAt: '', allowedModels: '', monthlyTokenBudget: '', monthlyCostBudgetUsd: '', rpmLimit: '', concurrencyLimit: '' };
  it('turns empty fields into no limit', () => {
    expect(limitsOf(base)).toEqual({ owner: null, role: 'client', expiresAt: null, allowedModels: null, monthlyTokenBudget: null, monthlyCostBudgetUsd: null, rpmLimit: null, concurrencyLimit: null });
  });
  it('parses numbers and model lists', () => {
    const limits = limitsOf({ ...base, rpmLimit: '30', monthlyCostBudgetUsd: '12.5', allowedModels: 'haiku, sonnet ,' });
    expect(limits.rpmLimit).toBe(30);
    expect(limits.monthlyCostBudgetUsd).toBe(12.5);
    expect(limits.allowedModels).toEqual(['haiku', 'sonnet']);
  });
  it('refuses what is not a number, in words', () => {
    expect(() => limitsOf({ ...base, rpmLimit: 'lots' })).toThrow('Requests per minute must be a whole number');
    expect(() => limitsOf({ ...base, concurrencyLimit: '1.5' })).toThrow('whole number');
  });
});
