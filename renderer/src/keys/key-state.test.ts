import { describe, expect, it } from 'vitest';
import type { KeyView } from '../admin-api';
import { keyState } from './key-state';

const now = Date.UTC(2026, 10, 23, 12);

const key = (overrides: Partial<KeyView> = {}): KeyView => ({
  id: 'key_1', prefix: 'sk-sb-AbCd', label: 'CI bot', owner: null, role: 'client', createdAt: 0, lastUsedAt: null, enabled: true, expiresAt: null,
  allowedModels: null, monthlyTokenBudget: null, monthlyCostBudgetUsd: null, rpmLimit: null, concurrencyLimit: null, pinnedTarget: null, pinnedAccount: null, revokedAt: null,
  spend: { tokens: 500, costUsd: 0.02, requests: 3, unpricedRequests: 0 },
  blocked: null,
  ...overrides,
});

describe('keyState', () => {
  it('is active unless the proxy says a budget blocks it', () => {
    expect(keyState(key({ monthlyTokenBudget: 501, monthlyCostBudgetUsd: 0.03 }), now)).toEqual({ text: 'active', tone: 'ok' });
    expect(keyState(key({ spend: null, monthlyTokenBudget: 1 }), now).text).toBe('active');
  });

  it('is blocked until the month turns once a budget is used up, tokens or cost', () => {
    const until = Date.UTC(2026, 11, 1);
    const tokens = keyState(key({ monthlyTokenBudget: 500, blocked: { budget: 'tokens', until } }), now);
    expect(tokens).toMatchObject({ tone: 'bad', reason: 'its monthly token budget is used up' });
    expect(tokens.text).toMatch(/^blocked until 1 Dec \d\d:\d\d$|^blocked until 30 Nov \d\d:\d\d$/);
    expect(keyState(key({ monthlyCostBudgetUsd: 0.02, blocked: { budget: 'cost', until } }), now)).toMatchObject({ tone: 'bad', reason: 'its monthly cost budget is used up' });
  });

  it('says revoked, disabled and expired first', () => {
    expect(keyState(key({ revokedAt: 1, monthlyTokenBudget: 1, blocked: { budget: 'tokens', until: 0 } }), now).text).toBe('revoked');
    expect(keyState(key({ enabled: false, monthlyTokenBudget: 1 }), now).text).toBe('disabled');
    expect(keyState(key({ expiresAt: now - 1, monthlyTokenBudget: 1 }), now).text).toBe('expired');
  });
});
