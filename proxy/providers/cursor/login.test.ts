import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CursorAuthStandIn, STAND_IN_CURSOR_API_KEY } from '../../../e2e/stand-ins/cursor-auth.js';
import { TokenStore } from '../../accounts/token-store.js';
import { LoginError } from '../login-error.js';
import { waitForLogin } from '../poll-login.js';
import { startApiKeyLogin } from './api-key-login.js';
import { startDeepLinkLogin } from './deep-link-login.js';
import { testRunConfig } from './__fixtures__/run-config.js';

let auth: CursorAuthStandIn;

beforeEach(async () => {
  auth = new CursorAuthStandIn();
  await auth.listen();
});

afterEach(async () => {
  await auth.close();
});

const fast = { intervalMs: 5, backoff: { factor: 1.2, maxIntervalMs: 20 }, slowDownMs: 0, expiresInMs: 5000, maxPolls: 150 };

describe('the deep-link login', () => {
  it('opens the login page with a PKCE challenge, polls until the person logged in there, and saves the account', async () => {
    const config = testRunConfig(auth.url);
    const login = await startDeepLinkLogin(config, { renews: null }, fast);
    const page = new URL(login.url);
    expect(page.origin + page.pathname).toBe('https://cursor.com/loginDeepControl');
    expect(page.searchParams.get('mode')).toBe('login');
    expect(page.searchParams.get('redirectTarget')).toBe('cli');
    expect(await login.pollOnce(AbortSignal.timeout(5000))).toEqual({ kind: 'pending' });

    auth.approve(page.searchParams.get('uuid')!, page.searchParams.get('challenge')!);
    const outcome = await waitForLogin(login);
    if (outcome.kind !== 'done') throw new Error(`the login ended ${outcome.kind}`);
    expect(outcome.account.data).toMatchObject({ provider: 'cursor', access_token: auth.issued.at(-1), source: 'login' });
    expect(outcome.account.data.refresh_token).toMatch(/^refresh-/);
    expect(outcome.account.data.expires_at).not.toBeNull();
    expect((await new TokenStore(config['auth-dir']).list()).accounts.map((account) => account.id)).toEqual([outcome.account.id]);
  });

  it('uses the schedule PROTOCOLS.md names: 1 s, ×1.2 up to 10 s, at most 150 polls', async () => {
    const login = await startDeepLinkLogin(testRunConfig(auth.url), { renews: null });
    expect(login.schedule).toMatchObject({ intervalMs: 1000, backoff: { factor: 1.2, maxIntervalMs: 10_000 }, maxPolls: 150 });
  });
});

describe('the API-key login', () => {
  it('exchanges the key for tokens and saves the account', async () => {
    const config = testRunConfig(auth.url);
    const login = startApiKeyLogin(config, { renews: null });
    const account = await login.finish(`  ${STAND_IN_CURSOR_API_KEY}\n`);
    expect(account.data).toMatchObject({ provider: 'cursor', access_token: auth.issued.at(-1), source: 'api-key', plan: 'pro' });
    expect(auth.requests.at(-2)).toMatchObject({ method: 'POST', path: '/auth/exchange_user_api_key', authorization: `Bearer ${STAND_IN_CURSOR_API_KEY}`, body: '{}' });
    // The plan comes from the usage summary, asked with the new login's token.
    expect(auth.requests.at(-1)).toMatchObject({ method: 'GET', path: '/auth/usage-summary', authorization: `Bearer ${auth.issued.at(-1)}` });
    expect(login.over).toBe(true);
  });

  it('says so when Cursor refuses the key, and lets the person paste another', async () => {
    const login = startApiKeyLogin(testRunConfig(auth.url), { renews: null });
    const refused = await login.finish('crsr_wrong').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LoginError);
    expect(refused).toMatchObject({ recovery: 'paste-again', message: 'Cursor refused this API key' });
    expect(login.over).toBe(false);
  });
});
