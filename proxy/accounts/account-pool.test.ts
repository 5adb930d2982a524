import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountFile } from './account-file.js';
import { NoUsableAccountError } from './account-errors.js';
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

describe('AccountPool: when no account can serve, whether only the owner can change that', () => {
  let dir: string;
  let store: TokenStore;
  const target = { displayName: 'Claude', loginHint: 'switchboard login anthropic' };
  const file = (extra: Partial<AccountFile> = {}): AccountFile => ({ provider: 'anthropic', access_token: 'token', email: 'ada@example.com', ...extra });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-pool-'));
    store = new TokenStore(dir, { sealer: null });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function refusal(): Promise<NoUsableAccountError> {
    const pool = new AccountPool(store, new Map([['anthropic', target]]));
    await pool.load();
    const error = await pool.acquire('anthropic').then(
      () => null,
      (caught: unknown) => caught,
    );
    if (!(error instanceof NoUsableAccountError)) throw new Error(`expected a NoUsableAccountError, got ${String(error)}`);
    return error;
  }

  it('says so when no account is logged in, by the name a person knows', async () => {
    const error = await refusal();
    expect(error.summary).toBe("no Claude account is logged in (the Switchboard's owner can log one in)");
    expect(error.ownerMustAct).toBe(true);
  });

  it('says so when every account is disabled or needs a login', async () => {
    await store.save({ id: 'anthropic-ada', data: file({ needs_login: 'the refresh token was refused' }) });
    await store.save({ id: 'anthropic-bob', data: file({ email: 'bob@example.com', disabled: true }) });
    expect((await refusal()).ownerMustAct).toBe(true);
  });

  it('does not when an account is only cooling down: it will serve again by itself', async () => {
    await store.save({ id: 'anthropic-ada', data: file({ needs_login: 'the refresh token was refused' }) });
    await store.save({ id: 'anthropic-bob', data: file({ email: 'bob@example.com' }) });
    const pool = new AccountPool(store, new Map([['anthropic', target]]));
    await pool.load();
    pool.failed('anthropic-bob', { class: 'rate_limit', retryAt: new Date(Date.now() + 60_000), reason: 'used up' });
    const error = await pool.acquire('anthropic').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NoUsableAccountError);
    expect((error as NoUsableAccountError).ownerMustAct).toBe(false);
  });
});
