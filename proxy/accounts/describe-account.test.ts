import { describe, expect, it } from 'vitest';
import type { Account } from './account-file.js';
import { describeAccount, needsLoginReason } from './describe-account.js';

const now = Date.parse('2026-11-23T12:00:00Z');
const account = (data: Partial<Account['data']>): Account => ({
  id: 'anthropic-me',
  path: '/x/anthropic-me.json',
  data: { provider: 'anthropic', access_token: 'a', refresh_token: 'r', ...data },
});

describe('describeAccount', () => {
  it('says what state an account is in', () => {
    expect(describeAccount(account({ disabled: true }), null, now)).toBe('disabled');
    expect(describeAccount(account({ needs_login: 'the refresh token was refused' }), null, now)).toBe('needs login: the refresh token was refused');
    expect(describeAccount(account({ expires_at: '2026-11-23T11:00:00Z' }), null, now)).toBe('ready (token expired; refreshed on the next request)');
    expect(describeAccount(account({ expires_at: '2026-11-23T11:00:00Z', refresh_token: null }), null, now)).toMatch(/^needs login/);
    expect(needsLoginReason(account({ expires_at: '2026-11-23T11:00:00Z', refresh_token: null }), now)).toBe('the token expired and there is no refresh token');
    expect(needsLoginReason(account({ expires_at: '2026-11-23T11:00:00Z', refresh_token: 'r' }), now)).toBeNull();
    expect(needsLoginReason(account({ needs_login: 'the refresh token was refused' }), now)).toBe('the refresh token was refused');
    expect(describeAccount(account({ expires_at: '2026-11-23T13:00:00Z' }), null, now)).toMatch(/^ready \(token valid until /);
    expect(describeAccount(account({}), null, now)).toBe('ready');
  });
});
