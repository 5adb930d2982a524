import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountFile } from './account-file.js';
import { AccountPool } from './account-pool.js';
import { TokenStore } from './token-store.js';

const AUTH_FAILURE = { class: 'auth', retryAt: null, reason: 'account needs a new login: the refresh token was refused' } as const;

describe('AccountPool: a new login starts the account afresh', () => {
  let dir: string;
  let store: TokenStore;
  let pool: AccountPool;
  let renewed: string[];
  const now = Date.parse('2026-11-23T12:00:00Z');

  const file = (loggedInAt: string, extra: Partial<AccountFile> = {}): AccountFile => ({
    provider: 'anthropic',
    access_token: `token-of-${loggedInAt}`,
    email: 'ada@example.com',
    logged_in_at: loggedInAt,
    ...extra,
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-pool-'));
    store = new TokenStore(dir, { sealer: null });
    renewed = [];
    pool = new AccountPool(store, new Map(), { now: () => now, onNewLogin: (id) => renewed.push(id) });
    await store.save({ id: 'anthropic-ada', data: file('2026-11-23T08:00:00Z', { needs_login: 'the refresh token was refused' }) });
    await pool.load();
    pool.runtimes.recordUse('anthropic-ada');
    pool.failed('anthropic-ada', AUTH_FAILURE);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('clears the cooldown, the failures in a row and the last error when the file records a new login', async () => {
    expect(pool.runtimes.isCooling('anthropic-ada')).toBe(true);
    await store.save({ id: 'anthropic-ada', data: file('2026-11-23T11:59:00Z', { needs_login: null }) });
    await pool.load();
    expect(pool.runtimes.get('anthropic-ada')).toMatchObject({ cooldownUntil: null, cooldownReason: null, consecutiveFailures: 0, lastError: null, requests: 1, errors: 1 });
    expect(renewed).toEqual(['anthropic-ada']);
  });

  it('keeps them when the file changes without a new login (a label, a refreshed token)', async () => {
    await store.save({ id: 'anthropic-ada', data: file('2026-11-23T08:00:00Z', { label: 'Work', access_token: 'refreshed' }) });
    await pool.load();
    expect(pool.runtimes.isCooling('anthropic-ada')).toBe(true);
    expect(pool.runtimes.get('anthropic-ada').lastError).toBe(AUTH_FAILURE.reason);
    expect(renewed).toEqual([]);
  });

  it('starts afresh also when the account was removed and then logged in again', async () => {
    await rm(join(dir, 'anthropic-ada.json'));
    await pool.load();
    await store.save({ id: 'anthropic-ada', data: file('2026-11-23T11:59:00Z') });
    await pool.load();
    expect(pool.runtimes.isCooling('anthropic-ada')).toBe(false);
    expect(pool.runtimes.get('anthropic-ada').lastError).toBeNull();
  });

  it('"Try now" ends the cooldown but remembers the failures, so the next one backs off longer', () => {
    const first = pool.runtimes.get('anthropic-ada').cooldownUntil ?? 0;
    pool.clearCooldown('anthropic-ada');
    expect(pool.runtimes.isCooling('anthropic-ada')).toBe(false);
    expect(pool.runtimes.get('anthropic-ada')).toMatchObject({ cooldownUntil: null, consecutiveFailures: 1, lastError: AUTH_FAILURE.reason });
    pool.failed('anthropic-ada', AUTH_FAILURE);
    expect((pool.runtimes.get('anthropic-ada').cooldownUntil ?? 0) - now).toBeGreaterThan(first - now);
  });
});
