import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import { z } from 'zod';
import type { AnthropicProviderConfig } from './config-schema.js';
import { createLogger } from '../../log.js';
import { parseRetryAfter } from '../../upstream/retry-after.js';
import { refusingRedirects, UpstreamRedirectError } from '../../upstream/no-redirects.js';

const log = createLogger('providers/anthropic/oauth');

export type AnthropicOAuthConfig = AnthropicProviderConfig['oauth'];

export interface TokenSet {
  accessToken: string;
  /** Null when the token endpoint did not return one: keep using the previous refresh token. */
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string[];
  account: { uuid?: string; email?: string } | null;
  organization: { uuid?: string; name?: string } | null;
}

export type OAuthFailure =
  /** The refresh token or code is dead: only a new login helps. */
  | 'invalid_grant'
  | 'rate_limited'
  | 'rejected'
  | 'unreachable';

export class OAuthError extends Error {
  constructor(
    readonly failure: OAuthFailure,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

export interface OAuthDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export interface Pkce {
  verifier: string;
  challenge: string;
  state: string;
}

/** PKCE S256 pair plus a separate random state. */
export async function createPkce(): Promise<Pkce> {
  const verifier = generateRandomCodeVerifier();
  return { verifier, challenge: await calculatePKCECodeChallenge(verifier), state: generateRandomState() };
}

export function buildAuthorizeUrl(oauth: AnthropicOAuthConfig, params: { redirectUri: string; pkce: Pkce }): string {
  const url = new URL(oauth['authorize-url']);
  url.searchParams.set('code', 'true');
  url.searchParams.set('client_id', oauth['client-id']);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', oauth.scopes.join(' '));
  url.searchParams.set('code_challenge', params.pkce.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', params.pkce.state);
  return url.toString();
}

/**
 * Reads what the person pasted after the manual login: the whole redirect URL (`…?code=…&state=…`) or the
 * `code#state` the callback page shows.
 */
export function parsePastedCode(input: string): { code: string; state: string | null } {
  const text = input.trim();
  if (/^https?:\/\//i.test(text)) {
    const url = new URL(text);
    const code = url.searchParams.get('code');
    if (!code) throw new Error('the pasted URL has no "code" parameter: paste the whole address of the page you were sent to');
    const fromFragment = url.hash.length > 1 ? url.hash.slice(1) : null;
    return { code, state: url.searchParams.get('state') ?? fromFragment };
  }
  const [code, state] = text.split('#', 2);
  if (!code) throw new Error('nothing was pasted: paste the code shown after you authorized (it looks like "code#state")');
  return { code, state: state || null };
}

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
  account: z.looseObject({ uuid: z.string().optional(), email_address: z.string().optional() }).optional(),
  organization: z.looseObject({ uuid: z.string().optional(), name: z.string().optional() }).optional(),
});

export async function exchangeCode(
  oauth: AnthropicOAuthConfig,
  params: { code: string; state: string; codeVerifier: string; redirectUri: string },
  deps: OAuthDeps = {},
): Promise<TokenSet> {
  return postToTokenEndpoint(
    oauth,
    {
      grant_type: 'authorization_code',
      code: params.code,
      redirect_uri: params.redirectUri,
      client_id: oauth['client-id'],
      code_verifier: params.codeVerifier,
      state: params.state,
    },
    deps,
  );
}

export async function refreshTokens(oauth: AnthropicOAuthConfig, refreshToken: string, deps: OAuthDeps = {}): Promise<TokenSet> {
  return postToTokenEndpoint(oauth, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: oauth['client-id'] }, deps);
}

/** Tries the current token endpoint, then the legacy one when the current one cannot be reached or is gone. */
async function postToTokenEndpoint(oauth: AnthropicOAuthConfig, body: Record<string, string>, deps: OAuthDeps): Promise<TokenSet> {
  const urls = [oauth['token-url'], ...(oauth['legacy-token-url'] ? [oauth['legacy-token-url']] : [])];
  let lastError: OAuthError | undefined;
  for (const url of urls) {
    try {
      return await postOnce(url, body, deps);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      lastError = error;
      const endpointMissing = error.failure === 'unreachable' || error.status === 404 || error.status === 405;
      if (!endpointMissing) throw error;
      log.warn({ url, status: error.status }, 'token endpoint unavailable; trying the next one');
    }
  }
  throw lastError ?? new OAuthError('unreachable', 'no token endpoint configured');
}

async function postOnce(url: string, body: Record<string, string>, deps: OAuthDeps): Promise<TokenSet> {
  const fetchImpl = refusingRedirects(deps.fetch ?? fetch);
  const now = deps.now ?? Date.now;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
    });
  } catch (error) {
    if (error instanceof UpstreamRedirectError) throw new OAuthError('rejected', `the token endpoint ${url} ${error.message}`, error.status);
    throw new OAuthError('unreachable', `could not reach the token endpoint ${url}: ${describeFetchError(error)}`);
  }
  const text = await response.text();
  if (!response.ok) throw tokenEndpointError(response, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OAuthError('rejected', `the token endpoint answered ${response.status} with something that is not JSON`, response.status);
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new OAuthError('rejected', 'the token endpoint answered without an access_token', response.status);
  const token = parsed.data;
  return {
    accessToken: token.access_token,
    refreshToken: token.refresh_token ?? null,
    expiresAt: token.expires_in ? new Date(now() + token.expires_in * 1000) : null,
    scopes: token.scope ? token.scope.split(/\s+/).filter(Boolean) : [],
    account: token.account ? { uuid: token.account.uuid, email: token.account.email_address } : null,
    organization: token.organization ? { uuid: token.organization.uuid, name: token.organization.name } : null,
  };
}

function tokenEndpointError(response: Response, text: string): OAuthError {
  let code: string | undefined;
  let description: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') code = body.error;
    else if (body.error && typeof body.error === 'object') code = String((body.error as { type?: unknown }).type ?? '');
    if (typeof body.error_description === 'string') description = body.error_description;
  } catch {
    // Not JSON: the status says enough.
  }
  const detail = [code, description].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  if (code === 'invalid_grant') return new OAuthError('invalid_grant', `the login is no longer valid (${detail})`, response.status);
  if (response.status === 429) {
    return new OAuthError('rate_limited', `the token endpoint is rate limiting (${detail})`, 429, parseRetryAfter(response.headers));
  }
  return new OAuthError('rejected', `the token endpoint refused the request (${detail})`, response.status);
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
