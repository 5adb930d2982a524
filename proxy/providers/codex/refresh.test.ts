import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodexAuthStandIn, type CodexAuthStandIn } from '../../../e2e/stand-ins/codex-auth.js';
import { DEFAULT_CODEX_USER } from '../../../e2e/stand-ins/codex-identity.js';
import { CodexTokenRegistry } from '../../../e2e/stand-ins/codex-tokens.js';
import { LoginRefusedError } from '../../accounts/account-errors.js';
import { codexConfigSchema } from './config-schema.js';
import { tokenEndpointError } from './oauth.js';
import { createCodexTarget } from './provider.js';

describe('refreshing a ChatGPT login', () => {
  const tokens = new CodexTokenRegistry();
  let auth: CodexAuthStandIn;
  beforeAll(async () => {
    auth = await startCodexAuthStandIn({ tokens });
  });
  afterAll(() => auth.close());
  const target = () => createCodexTarget(codexConfigSchema.parse({ oauth: { issuer: auth.url } }), { fetch, refreshTimeoutMs: 5000 });

  it('rotates: a new access and refresh token, the expiry from the JWT, the plan from the new id token', async () => {
    const login = tokens.issue(DEFAULT_CODEX_USER);
    const refreshed = await target().refreshTokens!(login.refreshToken);
    expect(refreshed.refreshToken).not.toBe(login.refreshToken);
    expect(refreshed.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(refreshed.accountFields).toMatchObject({ plan: 'plus', email: DEFAULT_CODEX_USER.email, last_refresh: expect.any(String) });
  });

  it('a reused, expired or ended refresh token needs a new login, with the reason in words', async () => {
    const login = tokens.issue(DEFAULT_CODEX_USER);
    await target().refreshTokens!(login.refreshToken);
    const reused = await target().refreshTokens!(login.refreshToken).catch((error: unknown) => error);
    expect(reused).toBeInstanceOf(LoginRefusedError);
    expect((reused as LoginRefusedError).reason).toMatch(/already used — another program .* refreshed this login first/);
    const ended = tokens.issue(DEFAULT_CODEX_USER);
    tokens.endLogins(DEFAULT_CODEX_USER.userId, 'refresh_token_expired');
    expect(((await target().refreshTokens!(ended.refreshToken).catch((error: unknown) => error)) as LoginRefusedError).reason).toMatch(/has expired/);
  });

  it('any 401 from the token endpoint ends the login; a 429 or 5xx does not', () => {
    expect(tokenEndpointError(401, { error: 'invalid_grant' }).failure).toBe('login-again');
    expect(tokenEndpointError(400, { error: { code: 'refresh_token_invalidated' } }).failure).toBe('login-again');
    expect(tokenEndpointError(429, {}).failure).toBe('transient');
    expect(tokenEndpointError(503, {}).failure).toBe('transient');
    expect(tokenEndpointError(400, { error: 'invalid_grant' }).failure).toBe('refused');
  });
});
