import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginRefusedError } from './account-errors.js';
import type { AccountFile } from './account-file.js';
import { AccountPool, type PooledTarget, type RefreshedTokens } from './account-pool.js';
import { TokenStore } from './token-store.js';

/**
 * An issuer with strict rotation, as OpenAI's: each refresh token works once; a spent one is refused and ends the
 * whole login. Counts the refreshes it granted.
 */
class RotatingIssuer {
  private current = 'rt-0';
  private generation = 0;
  ended = false;
  granted = 0;

  async refresh(refreshToken: string): Promise<RefreshedTokens> {
    await new Promise((resolve) => setTimeout(resolve, 20)); // a real round trip: lets a second caller race in
    if (this.ended || refreshToken !== this.current) {
      this.ended = true;
      throw new LoginRefusedError('refresh_token_reused', { reason: 'its refresh token was already used by another program' });
    }
    this.generation += 1;
    this.granted += 1;
    this.current = `rt-${this.generation}`;
    return { accessToken: `at-${this.generation}`, refreshToken: this.current, expiresAt: new Date(Date.now() + 3_600_000), accountFields: { last_refresh: new Date().toISOString() } };
  }
}

describe('AccountPool: refreshing a rotating login shared by processes', () => {
  let dir: string;
  let issuer: RotatingIssuer;
  const target = (): PooledTarget => ({ displayName: 'Example', loginHint: 'switchboard login example', refreshTokens: (token) => issuer.refresh(token) });
  /** A Switchboard process: its own store and pool over the shared auth-dir. */
  const process = () => new AccountPool(new TokenStore(dir, { sealer: null }), new Map([['example', target()]]));
  const expiring: AccountFile = { provider: 'example', access_token: 'at-0', refresh_token: 'rt-0', expires_at: new Date(Date.now() + 60_000).toISOString(), email: 'ada@example.com' };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-refresh-'));
    issuer = new RotatingIssuer();
    await new TokenStore(dir, { sealer: null }).save({ id: 'example-ada', data: expiring });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('two processes refresh one login once: the second adopts what the first wrote, nobody is logged out', async () => {
    const [first, second] = [process(), process()];
    await Promise.all([first.load(), second.load()]);
    const [a, b] = await Promise.all([first.acquire('example'), second.acquire('example')]);
    expect(issuer.granted).toBe(1);
    expect(issuer.ended).toBe(false);
    expect(a.accessToken).toBe('at-1');
    expect(b.accessToken).toBe('at-1');
    const onDisk = await new TokenStore(dir, { sealer: null }).read('example-ada');
    expect(onDisk?.data).toMatchObject({ refresh_token: 'rt-1', needs_login: null });
    expect(onDisk?.data['last_refresh']).toEqual(expect.any(String));
    expect((await readdir(dir)).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  it('after a rejection, adopts a token another process already refreshed instead of refreshing again', async () => {
    const pool = process();
    await pool.load();
    const stale = { account: pool.get('example-ada')!, accessToken: 'at-0' };
    await new TokenStore(dir, { sealer: null }).save({ id: 'example-ada', data: { ...expiring, access_token: 'at-other', refresh_token: 'rt-other', expires_at: new Date(Date.now() + 3_600_000).toISOString() } });
    const fresh = await pool.refreshAfterRejection(stale);
    expect(fresh.accessToken).toBe('at-other');
    expect(issuer.granted).toBe(0);
  });

  it('compare-and-set: a login saved while the refresh ran wins over the refreshed tokens', async () => {
    const pool = new AccountPool(new TokenStore(dir, { sealer: null }), new Map([['example', {
      displayName: 'Example',
      loginHint: 'switchboard login example',
      refreshTokens: async (token: string) => {
        // Someone writes a brand-new login into the file mid-refresh (without taking the lock).
        await new TokenStore(dir, { sealer: null }).save({ id: 'example-ada', data: { ...expiring, access_token: 'at-new-login', refresh_token: 'rt-new-login', expires_at: new Date(Date.now() + 3_600_000).toISOString() } });
        return issuer.refresh(token);
      },
    }]]));
    await pool.load();
    const credentials = await pool.acquire('example');
    expect(credentials.accessToken).toBe('at-new-login');
    expect((await new TokenStore(dir, { sealer: null }).read('example-ada'))?.data.refresh_token).toBe('rt-new-login');
  });

  it('a refused refresh token marks the account as needing a login, with the reason in words', async () => {
    issuer.ended = true;
    const pool = process();
    await pool.load();
    await expect(pool.acquire('example')).rejects.toThrow(/no Example account can serve/);
    const file = await new TokenStore(dir, { sealer: null }).read('example-ada');
    expect(file?.data.needs_login).toBe('the refresh token was refused: its refresh token was already used by another program — run `switchboard login example`');
  });
});
