import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CursorAuthStandIn } from '../../../e2e/stand-ins/cursor-auth.js';
import { LoginRefusedError } from '../../accounts/account-errors.js';
import { cursorConfigSchema } from './config-schema.js';
import { createCursorTarget } from './provider.js';

let auth: CursorAuthStandIn;

beforeEach(async () => {
  auth = new CursorAuthStandIn();
  await auth.listen();
});

afterEach(async () => {
  await auth.close();
});

const target = () => createCursorTarget(cursorConfigSchema.parse({ 'auth-url': auth.url }), { fetch, refreshTimeoutMs: 5000 });

describe("a Cursor login's refresh", () => {
  it('asks /oauth/token with the client id first', async () => {
    const refreshed = await target().refreshTokens!(auth.grantRefreshToken('auth0|user_a'));
    expect(refreshed.accessToken).toBe(auth.issued.at(-1));
    expect(refreshed.expiresAt).toBeInstanceOf(Date);
    expect(auth.requests.map((request) => request.path)).toEqual(['/oauth/token']);
    expect(JSON.parse(auth.requests[0]!.body)).toMatchObject({ grant_type: 'refresh_token', client_id: 'KbZUR41cY7W6zRSdpSUJ7I7mLYBKOCmB' });
  });

  it('falls back to /auth/refresh when /oauth/token gives no tokens', async () => {
    auth.oauthToken = 'missing';
    const refreshToken = auth.grantRefreshToken('auth0|user_a');
    const refreshed = await target().refreshTokens!(refreshToken);
    expect(refreshed.accessToken).toBe(auth.issued.at(-1));
    expect(auth.requests.map((request) => request.path)).toEqual(['/oauth/token', '/auth/refresh']);
    expect(auth.requests[1]?.authorization).toBe(`Bearer ${refreshToken}`);
  });

  it('ends the login when Cursor says shouldLogout, or both endpoints refuse the token', async () => {
    auth.oauthToken = 'logout';
    await expect(target().refreshTokens!(auth.grantRefreshToken('auth0|user_a'))).rejects.toBeInstanceOf(LoginRefusedError);
    auth.oauthToken = 'tokens';
    await expect(target().refreshTokens!('refresh-unknown')).rejects.toBeInstanceOf(LoginRefusedError);
  });
});
