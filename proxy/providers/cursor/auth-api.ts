import { z } from 'zod';
import type { CursorTokens } from './tokens.js';

export interface AuthCall {
  /** `providers.cursor.auth-url`. */
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Cursor refused the refresh token for good (`shouldLogout`, or both refresh endpoints said no): log in again. */
export class CursorLogoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CursorLogoutError';
  }
}

const oauthTokenAnswer = z.looseObject({
  access_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).nullable().optional(),
  shouldLogout: z.boolean().optional(),
});

const tokenPairAnswer = z.looseObject({ accessToken: z.string().min(1), refreshToken: z.string().min(1).nullable().optional(), authId: z.string().optional() });

const url = (call: Pick<AuthCall, 'baseUrl'>, path: string) => `${call.baseUrl.replace(/\/+$/, '')}${path}`;

/**
 * A refresh (PROTOCOLS.md §3 "Refresh", two reported endpoints): `/oauth/token` first; when it does not answer with
 * tokens, `/auth/refresh`. `shouldLogout: true`, or a refusal (401/403) by both, ends the login.
 */
export async function refreshCursorTokens(call: AuthCall, clientId: string, refreshToken: string): Promise<CursorTokens> {
  const oauth = await call.fetch(url(call, '/oauth/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken }),
    signal: AbortSignal.timeout(call.timeoutMs),
  });
  const oauthBody = oauthTokenAnswer.safeParse(await oauth.json().catch(() => null));
  if (oauthBody.success && oauthBody.data.shouldLogout) throw new CursorLogoutError('Cursor ended this login (shouldLogout): log in again');
  if (oauth.ok && oauthBody.success && oauthBody.data.access_token) {
    return { accessToken: oauthBody.data.access_token, refreshToken: oauthBody.data.refresh_token ?? refreshToken };
  }
  const legacy = await call.fetch(url(call, '/auth/refresh'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${refreshToken}` },
    body: '{}',
    signal: AbortSignal.timeout(call.timeoutMs),
  });
  const legacyBody = tokenPairAnswer.safeParse(await legacy.json().catch(() => null));
  if (legacy.ok && legacyBody.success) return { accessToken: legacyBody.data.accessToken, refreshToken: legacyBody.data.refreshToken ?? refreshToken };
  const refused = (status: number) => status === 400 || status === 401 || status === 403;
  if (refused(oauth.status) && refused(legacy.status)) throw new CursorLogoutError(`Cursor refused the refresh token (HTTP ${oauth.status}, then ${legacy.status}): log in again`);
  throw new Error(`Cursor's token refresh failed (/oauth/token HTTP ${oauth.status}, /auth/refresh HTTP ${legacy.status})`);
}

/** An API key exchanged for a login's tokens (`POST /auth/exchange_user_api_key`). */
export async function exchangeApiKey(call: AuthCall, apiKey: string): Promise<CursorTokens> {
  const answer = await call.fetch(url(call, '/auth/exchange_user_api_key'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: '{}',
    signal: AbortSignal.timeout(call.timeoutMs),
  });
  const body = tokenPairAnswer.safeParse(await answer.json().catch(() => null));
  if (answer.ok && body.success) return { accessToken: body.data.accessToken, refreshToken: body.data.refreshToken ?? null };
  throw new Error(answer.status === 401 || answer.status === 403 ? 'Cursor refused this API key' : `Cursor's API-key exchange answered HTTP ${answer.status}`);
}

/** One poll of the deep-link login: null while pending (404), the tokens once the person has logged in. */
export async function pollDeepLogin(call: Omit<AuthCall, 'timeoutMs'>, uuid: string, verifier: string, signal: AbortSignal): Promise<CursorTokens | null | { refused: string }> {
  const answer = await call.fetch(url(call, `/auth/poll?uuid=${encodeURIComponent(uuid)}&verifier=${encodeURIComponent(verifier)}`), { signal });
  if (answer.status === 404) {
    await answer.body?.cancel();
    return null;
  }
  const body = tokenPairAnswer.safeParse(await answer.json().catch(() => null));
  if (answer.ok && body.success) return { accessToken: body.data.accessToken, refreshToken: body.data.refreshToken ?? null };
  return { refused: `Cursor's login answered HTTP ${answer.status}` };
}
