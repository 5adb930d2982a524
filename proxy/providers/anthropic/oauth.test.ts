import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicOAuthStandIn, submitAuthorizeForm, type AnthropicOAuthStandIn } from '../../../e2e/stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../../../e2e/stand-ins/token-registry.js';
import { validateConfig } from '../../config/load.js';
import { ANTHROPIC_DEFAULTS } from './constants.js';
import { buildAuthorizeUrl, createPkce, exchangeCode, OAuthError, parsePastedCode, refreshTokens, type AnthropicOAuthConfig, type Pkce } from './oauth.js';

function oauthConfig(overrides: Record<string, unknown> = {}): AnthropicOAuthConfig {
  return validateConfig({ providers: { anthropic: { oauth: overrides } } }, '/tmp/x/config.yaml').providers.anthropic.oauth;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/oauth/token`;
}

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return error as OAuthError;
}

describe('buildAuthorizeUrl', () => {
  it('asks for a code with PKCE S256, a separate state and the configured scopes', async () => {
    const pkce = await createPkce();
    const url = new URL(buildAuthorizeUrl(oauthConfig(), { redirectUri: 'http://localhost:54545/callback', pkce }));
    expect(`${url.origin}${url.pathname}`).toBe(ANTHROPIC_DEFAULTS.oauth.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      code: 'true',
      client_id: ANTHROPIC_DEFAULTS.oauth.clientId,
      response_type: 'code',
      redirect_uri: 'http://localhost:54545/callback',
      scope: ANTHROPIC_DEFAULTS.oauth.scopes.join(' '),
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: pkce.state,
    });
    expect(pkce.challenge).toBe(createHash('sha256').update(pkce.verifier).digest('base64url'));
    expect(pkce.state).not.toBe(pkce.verifier);
  });
});

describe('parsePastedCode', () => {
  it.each([
    ['code#state', { code: 'code', state: 'state' }],
    ['  abc#xyz \n', { code: 'abc', state: 'xyz' }],
    ['only-a-code', { code: 'only-a-code', state: null }],
    ['only-a-code#', { code: 'only-a-code', state: null }],
    ['https://platform.claude.com/oauth/code/callback?code=abc&state=xyz', { code: 'abc', state: 'xyz' }],
    ['http://localhost:54545/callback?code=abc#xyz', { code: 'abc', state: 'xyz' }],
    ['https://platform.claude.com/oauth/code/callback?code=abc', { code: 'abc', state: null }],
  ])('reads %j', (input, expected) => {
    expect(parsePastedCode(input)).toEqual(expected);
  });

  it('refuses an empty paste and a URL without a code, saying what to paste', () => {
    expect(() => parsePastedCode('   ')).toThrow(/nothing was pasted/);
    expect(() => parsePastedCode('https://platform.claude.com/oauth/code/callback?state=x')).toThrow(/no "code" parameter/);
  });
});

describe('token endpoint against the stand-in OAuth server', () => {
  let tokens: TokenRegistry;
  let standIn: AnthropicOAuthStandIn;
  let oauth: AnthropicOAuthConfig;

  beforeEach(async () => {
    tokens = new TokenRegistry();
    standIn = await startAnthropicOAuthStandIn({ tokens });
    oauth = oauthConfig({
      'authorize-url': standIn.authorizeUrl,
      'token-url': standIn.tokenUrl,
      'legacy-token-url': null,
      'manual-redirect-uri': standIn.manualRedirectUri,
    });
  });
  afterEach(() => standIn.close());

  /** Plays the browser up to the redirect and returns the code it carries. */
  async function authorize(pkce: Pkce, email = 'person@example.com'): Promise<string> {
    const authorizeUrl = buildAuthorizeUrl(oauth, { redirectUri: standIn.manualRedirectUri, pkce });
    const location = new URL(await submitAuthorizeForm(authorizeUrl, { email }));
    expect(location.searchParams.get('state')).toBe(pkce.state);
    return location.searchParams.get('code') ?? '';
  }

  function exchange(pkce: Pkce, code: string, config = oauth): ReturnType<typeof exchangeCode> {
    return exchangeCode(config, { code, state: pkce.state, codeVerifier: pkce.verifier, redirectUri: standIn.manualRedirectUri });
  }

  it('exchanges a code, then refreshes with a rotating refresh token', async () => {
    const pkce = await createPkce();
    const code = await authorize(pkce, 'ada@example.com');
    const now = Date.UTC(2026, 10, 23);
    const login = await exchangeCode(
      oauth,
      { code, state: pkce.state, codeVerifier: pkce.verifier, redirectUri: standIn.manualRedirectUri },
      { now: () => now },
    );
    expect(tokens.accountOf(login.accessToken)).toBe('ada@example.com');
    expect(login.account?.email).toBe('ada@example.com');
    expect(login.account?.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(login.organization?.uuid).toBeTruthy();
    expect(login.expiresAt?.getTime()).toBe(now + 8 * 60 * 60 * 1000);
    expect(login.scopes).toEqual(oauth.scopes);
    expect(standIn.exchanges).toBe(1);

    const refreshed = await refreshTokens(oauth, login.refreshToken ?? '');
    expect(refreshed.accessToken).not.toBe(login.accessToken);
    expect(refreshed.refreshToken).not.toBe(login.refreshToken);
    expect(tokens.accountOf(refreshed.accessToken)).toBe('ada@example.com');
    expect(standIn.refreshes).toBe(1);

    const reused = await rejection(refreshTokens(oauth, login.refreshToken ?? ''));
    expect(reused.failure).toBe('invalid_grant');
  });

  it('accepts a code only once', async () => {
    const pkce = await createPkce();
    const code = await authorize(pkce);
    await exchange(pkce, code);
    const again = await rejection(exchange(pkce, code));
    expect(again.failure).toBe('invalid_grant');
    expect(again.message).toMatch(/already used/);
  });

  it('checks the PKCE verifier for real', async () => {
    const pkce = await createPkce();
    const code = await authorize(pkce);
    const other = await createPkce();
    const error = await rejection(exchangeCode(oauth, { code, state: pkce.state, codeVerifier: other.verifier, redirectUri: standIn.manualRedirectUri }));
    expect(error.failure).toBe('invalid_grant');
    expect(error.message).toMatch(/code_verifier/);
  });

  it('refuses a code redeemed with another redirect_uri', async () => {
    const pkce = await createPkce();
    const code = await authorize(pkce);
    const error = await rejection(
      exchangeCode(oauth, { code, state: pkce.state, codeVerifier: pkce.verifier, redirectUri: 'http://localhost:54545/callback' }),
    );
    expect(error.failure).toBe('invalid_grant');
  });

  it('turns a dead refresh token into invalid_grant (a new login is needed)', async () => {
    const error = await rejection(refreshTokens(oauth, 'sk-ant-ort01-unknown'));
    expect(error.failure).toBe('invalid_grant');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Refresh token not found or invalid/);
  });

  it('reports a 429 as rate_limited with the Retry-After delay', async () => {
    standIn.failNextToken(429, { error: { type: 'rate_limit_error', message: 'slow down' } }, { 'retry-after': '7' });
    const error = await rejection(refreshTokens(oauth, 'sk-ant-ort01-any'));
    expect(error.failure).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('reports a 500 as rejected without trying the legacy endpoint', async () => {
    const config = oauthConfig({ ...oauth, 'legacy-token-url': standIn.tokenUrl });
    standIn.failNextToken(500, { error: 'server_error' });
    const error = await rejection(refreshTokens(config, 'sk-ant-ort01-any'));
    expect(error.failure).toBe('rejected');
    expect(error.status).toBe(500);
  });

  it('falls back to legacy-token-url when token-url answers 404', async () => {
    const config = oauthConfig({ ...oauth, 'token-url': `${standIn.url}/gone/v1/oauth/token`, 'legacy-token-url': standIn.tokenUrl });
    const pkce = await createPkce();
    const code = await authorize(pkce);
    const login = await exchange(pkce, code, config);
    expect(tokens.accountOf(login.accessToken)).toBe('person@example.com');
  });

  it('falls back to legacy-token-url when token-url cannot be reached', async () => {
    const config = oauthConfig({ ...oauth, 'token-url': await closedPortUrl(), 'legacy-token-url': standIn.tokenUrl });
    const pkce = await createPkce();
    const code = await authorize(pkce);
    const login = await exchange(pkce, code, config);
    expect(tokens.accountOf(login.accessToken)).toBe('person@example.com');
  });

  it('says so when no token endpoint can be reached', async () => {
    const error = await rejection(refreshTokens(oauthConfig({ ...oauth, 'token-url': await closedPortUrl() }), 'sk-ant-ort01-any'));
    expect(error.failure).toBe('unreachable');
    expect(error.message).toMatch(/could not reach the token endpoint/);
  });
});

describe('the stand-in OAuth server itself', () => {
  let standIn: AnthropicOAuthStandIn;
  beforeEach(async () => {
    standIn = await startAnthropicOAuthStandIn({ tokens: new TokenRegistry() });
  });
  afterEach(() => standIn.close());

  it('takes JSON only at the token endpoint, like the real one', async () => {
    const response = await fetch(standIn.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: ANTHROPIC_DEFAULTS.oauth.clientId }).toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it.each([
    ['client_id', 'someone-else', /unknown client_id/],
    ['code_challenge_method', 'plain', /S256/],
    ['code_challenge', '', /code_challenge is required/],
    ['state', '', /state is required/],
    ['redirect_uri', 'https://evil.example/callback', /not registered/],
    ['response_type', 'token', /response_type/],
  ])('refuses an authorize request with a bad %s', async (name, value, problem) => {
    const pkce = await createPkce();
    const url = new URL(buildAuthorizeUrl(oauthConfig({ 'authorize-url': standIn.authorizeUrl }), { redirectUri: 'http://localhost:54545/callback', pkce }));
    url.searchParams.set(name, value);
    const response = await fetch(url);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(problem);
  });
});
