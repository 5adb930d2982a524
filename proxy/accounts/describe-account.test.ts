import { describe, expect, it } from 'vitest';
import type { Account } from './account-file.js';
import type { AccountRuntime } from './account-runtime.js';
import { accountStatus, describeAccount, needsLoginReason } from './describe-account.js';

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

describe('accountStatus', () => {
  const cooling = (until: number): AccountRuntime => ({
    cooldownUntil: until,
    cooldownReason: '5-hour limit',
    cooldownClass: 'rate_limit',
    consecutiveFailures: 1,
    requests: 1,
    errors: 1,
    lastUsedAt: null,
    lastError: '5-hour limit',
  });

  it('names what the account can do now, the most pressing first, as its state in words does', () => {
    expect(accountStatus(account({}), null, now)).toBe('ready');
    expect(accountStatus(account({}), cooling(now + 60_000), now)).toBe('cooling');
    expect(accountStatus(account({}), cooling(now - 1), now)).toBe('ready');
    expect(accountStatus(account({ needs_login: 'refused' }), cooling(now + 60_000), now)).toBe('needs_login');
    expect(accountStatus(account({ expires_at: '2026-11-23T11:00:00Z', refresh_token: null }), null, now)).toBe('needs_login');
    expect(accountStatus(account({ disabled: true, needs_login: 'refused' }), null, now)).toBe('disabled');
    expect(describeAccount(account({}), cooling(now + 60_000), now)).toMatch(/^cooling until \d\d:\d\d: 5-hour limit$/);
  });
});
