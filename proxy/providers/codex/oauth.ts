/**
 * OpenAI's OAuth endpoints as the Codex CLI uses them (PROTOCOLS.md §2 "Login A", "Tokens, refresh"): the authorize
 * address with PKCE, the form-encoded code exchange, and the JSON refresh whose permanent refusals mean "log in
 * again". Pure functions over `fetch`; the login flows and the refresh discipline are built on them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CodexOAuthConfig } from './config-schema.js';
import { jwtExpiry } from './id-token.js';

export interface CodexTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** From the access token's JWT `exp`. */
  expiresAt: Date | null;
}

export interface Pkce {
  verifier: string;
  challenge: string;
  state: string;
}

export interface OAuthDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Why the token endpoint said no. `login-again` is permanent (the refresh token was reused, expired or
 * invalidated, or any 401): the account needs a new login and the token must never be sent again. `refused` is a
 * code the server would not take; `transient` may work later.
 */
export type CodexOAuthFailure = 'login-again' | 'refused' | 'transient';

export class CodexOAuthError extends Error {
  constructor(
    message: string,
    readonly failure: CodexOAuthFailure,
    /** The server's own code, e.g. "refresh_token_reused". */
    readonly code: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CodexOAuthError';
  }
}

/** Refresh refusals that end the login, in words a person understands. */
const LOGIN_AGAIN: Record<string, string> = {
  refresh_token_reused: 'its refresh token was already used — another program (the Codex CLI, another Switchboard) refreshed this login first',
  refresh_token_expired: 'its refresh token has expired',
  refresh_token_invalidated: 'the session has ended (signed out, a new Codex login, or the password changed)',
};

export function createPkce(): Pkce {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url'), state: randomBytes(32).toString('base64url') };
}

const issuerPath = (oauth: CodexOAuthConfig, path: string) => `${oauth.issuer.replace(/\/+$/, '')}${path}`;

export function tokenUrl(oauth: CodexOAuthConfig): string {
  return issuerPath(oauth, '/oauth/token');
}

/** The authorize address codex-rs opens (login/src/server.rs), with our originator. */
export function buildAuthorizeUrl(oauth: CodexOAuthConfig, params: { redirectUri: string; pkce: Pkce; originator: string }): string {
  const url = new URL(issuerPath(oauth, '/oauth/authorize'));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oauth['client-id'],
    redirect_uri: params.redirectUri,
    scope: oauth.scopes.join(' '),
    code_challenge: params.pkce.challenge,
    code_challenge_method: 'S256',
    id_token_add_organizations: 'true',
    codex_cli_simplified_flow: 'true',
    state: params.pkce.state,
    originator: params.originator,
  }).toString();
  return url.toString();
}

/** Exchanges an authorization code (browser or device login) for the login's tokens: a form, as codex-rs sends it. */
export async function exchangeCode(oauth: CodexOAuthConfig, params: { code: string; codeVerifier: string; redirectUri: string }, deps: OAuthDeps = {}): Promise<CodexTokens> {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: params.code, redirect_uri: params.redirectUri, client_id: oauth['client-id'], code_verifier: params.codeVerifier });
  const json = await postToken(oauth, { 'content-type': 'application/x-www-form-urlencoded' }, body.toString(), deps);
  const idToken = stringField(json, 'id_token');
  const accessToken = stringField(json, 'access_token');
  const refreshToken = stringField(json, 'refresh_token');
  if (!idToken || !accessToken || !refreshToken) throw new CodexOAuthError('the token endpoint answered without the id, access and refresh tokens', 'transient');
  return { idToken, accessToken, refreshToken, expiresAt: jwtExpiry(accessToken) };
}

/**
 * Trades the refresh token for new tokens (JSON, as codex-rs). Every field of the answer is optional: what it
 * leaves out keeps its old value — which the caller holds, so missing ones come back null here.
 */
export async function refreshCodexTokens(oauth: CodexOAuthConfig, refreshToken: string, deps: OAuthDeps = {}): Promise<{ idToken: string | null; accessToken: string | null; refreshToken: string | null; expiresAt: Date | null }> {
  const json = await postToken(oauth, { 'content-type': 'application/json' }, JSON.stringify({ client_id: oauth['client-id'], grant_type: 'refresh_token', refresh_token: refreshToken }), deps);
  const accessToken = stringField(json, 'access_token');
  return { idToken: stringField(json, 'id_token'), accessToken, refreshToken: stringField(json, 'refresh_token'), expiresAt: accessToken ? jwtExpiry(accessToken) : null };
}

async function postToken(oauth: CodexOAuthConfig, headers: Record<string, string>, body: string, deps: OAuthDeps): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(tokenUrl(oauth), { method: 'POST', headers: { ...headers, accept: 'application/json' }, body, redirect: 'error', signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000) });
  } catch (error) {
    throw new CodexOAuthError(`could not reach OpenAI's token endpoint (${tokenUrl(oauth)}): ${error instanceof Error ? error.message : String(error)}`, 'transient', null, { cause: error });
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // An HTML error page (a proxy, Cloudflare): classified by status alone.
  }
  if (response.ok && isRecord(json)) return json;
  throw tokenEndpointError(response.status, isRecord(json) ? json : {});
}

/** The refusal's class: `error.code` or a string `error`; the permanent codes and any 401 end the login. */
export function tokenEndpointError(status: number, body: Record<string, unknown>): CodexOAuthError {
  const error = body['error'];
  const code = isRecord(error) ? (typeof error['code'] === 'string' ? error['code'] : null) : typeof error === 'string' ? error : null;
  const said = (isRecord(error) && typeof error['message'] === 'string' ? error['message'] : null) ?? (typeof body['error_description'] === 'string' ? body['error_description'] : null);
  const words = code ? LOGIN_AGAIN[code] : undefined;
  if (words) return new CodexOAuthError(`OpenAI ended this login: ${words}`, 'login-again', code);
  if (status === 401) return new CodexOAuthError(`OpenAI refused the login's tokens (HTTP 401${said ? `: ${said}` : ''})`, 'login-again', code);
  if (status === 400 && code === 'invalid_grant') return new CodexOAuthError(`OpenAI refused the authorization code: it was already used or has expired${said ? ` (${said})` : ''}`, 'refused', code);
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return new CodexOAuthError(`OpenAI's token endpoint refused the request (HTTP ${status}${said ? `: ${said}` : ''})`, 'refused', code);
  return new CodexOAuthError(`OpenAI's token endpoint failed (HTTP ${status}${said ? `: ${said}` : ''})`, 'transient', code);
}

function stringField(json: Record<string, unknown>, key: string): string | null {
  const value = json[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
