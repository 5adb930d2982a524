/**
 * Logging in to a Claude subscription (PROTOCOLS.md §1 "OAuth"): the loopback flow (a local listener catches
 * the browser's redirect) and the manual flow (the person pastes `code#state`). Every piece of I/O comes in
 * through `LoginDeps`, and the exchange-and-save step (`completeLogin`) is shared with the desktop shell, which
 * catches the redirect in its own window instead of a listener.
 */
import open from 'open';
import type { Account, AccountFile } from '../../accounts/account-file.js';
import { TokenStore } from '../../accounts/token-store.js';
import type { Config } from '../../config/load.js';
import { createLogger } from '../../log.js';
import { LoginError } from './login-error.js';
import { describeError, failurePage, page } from './login-pages.js';
import { listenForCallback, loopbackTarget, waitForCallback, type ReceivedCallback } from './loopback-listener.js';
import { fetchProfile, type AnthropicProfile } from './profile.js';
import { buildAuthorizeUrl, createPkce, exchangeCode, OAuthError, parsePastedCode, type OAuthDeps, type Pkce, type TokenSet } from './oauth.js';

const log = createLogger('providers/anthropic/login');

/** How long the loopback flow waits for the browser to come back. */
export const LOGIN_TIMEOUT_MS = 5 * 60 * 1000;

/** The settings a login reads. */
export type LoginConfig = Pick<Config, 'auth-dir' | 'providers' | 'timeouts'>;

export interface LoginDeps {
  fetch?: typeof fetch;
  /** Opens the system browser (default: the `open` package); null: only print the address. */
  openBrowser?: ((url: string) => Promise<void>) | null;
  /** Tells the person something: the address to visit, what to paste (default: stdout). */
  print?: (text: string) => void;
  now?: () => number;
  /** How long the loopback flow waits for the browser (default 5 minutes). */
  callbackTimeoutMs?: number;
  /** Cancels a loopback login that is waiting for the browser. */
  signal?: AbortSignal;
  store?: TokenStore;
  createPkce?: () => Promise<Pkce>;
}

export interface ManualLoginDeps extends LoginDeps {
  /** Shows the prompt and resolves with the line the person pasted. */
  readLine: (prompt: string) => Promise<string>;
}

/** One login in progress: the address to open and the secrets needed to finish it. */
export interface LoginAttempt {
  url: string;
  redirectUri: string;
  pkce: Pkce;
}

// ---------------------------------------------------------------------------------------------------------
// The two flows

/** Logs in through the system browser and a listener on the configured `redirect-uri` (localhost:54545). */
export async function loginWithLoopback(config: LoginConfig, deps: LoginDeps = {}): Promise<Account> {
  const redirectUri = config.providers.anthropic.oauth['redirect-uri'];
  const listener = await listenForCallback(loopbackTarget(redirectUri));
  try {
    const attempt = await startLogin(config, redirectUri, deps);
    presentForLoopback(attempt.url, deps);
    const timeoutMs = deps.callbackTimeoutMs ?? LOGIN_TIMEOUT_MS;
    const callback = await waitForCallback(listener.callback, timeoutMs, deps.signal);
    return await answerCallback(config, attempt, callback, deps);
  } finally {
    await listener.close();
  }
}

/** Logs in by printing the address and reading back the `code#state` (or the redirect URL) the person pastes. */
export async function loginWithManualPaste(config: LoginConfig, deps: ManualLoginDeps): Promise<Account> {
  const attempt = await startLogin(config, config.providers.anthropic.oauth['manual-redirect-uri'], deps);
  const print = deps.print ?? printToStdout;
  print(
    [
      'Open this address in a browser (on any device), log in and choose Authorize:',
      '',
      `  ${attempt.url}`,
      '',
      'The page then shows a code that looks like "code#state": copy all of it and paste it here.',
    ].join('\n'),
  );
  if (deps.openBrowser) openInBackground(deps.openBrowser, attempt.url, print);
  const code = readPaste(await deps.readLine('Code: '), attempt.pkce.state);
  return completeLogin(config, attempt, code, deps);
}

// ---------------------------------------------------------------------------------------------------------
// Steps shared with the desktop shell

/** A fresh PKCE pair and state, and the authorize address for them. */
export async function startLogin(config: Pick<LoginConfig, 'providers'>, redirectUri: string, deps: Pick<LoginDeps, 'createPkce'> = {}): Promise<LoginAttempt> {
  const pkce = await (deps.createPkce ?? createPkce)();
  return { url: buildAuthorizeUrl(config.providers.anthropic.oauth, { redirectUri, pkce }), redirectUri, pkce };
}

/**
 * Reads the redirect's query (`?code=…&state=…` or `?error=…`) and returns the code once the state is ours.
 * Throws a LoginError that says what to do otherwise.
 */
export function readCallback(params: URLSearchParams, expectedState: string): string {
  const error = params.get('error');
  if (error) throw deniedError(error, params.get('error_description'));
  if (params.get('state') !== expectedState) {
    throw new LoginError(
      'the answer that came back from the browser does not belong to this login (its state does not match): close old login tabs and run the login again',
    );
  }
  const code = params.get('code');
  if (!code) throw new LoginError('the browser came back without an authorization code: run the login again');
  return code;
}

/** Reads what was pasted in the manual flow and returns the code once its state is ours. */
export function readPaste(pasted: string, expectedState: string): string {
  let parsed: { code: string; state: string | null };
  try {
    parsed = parsePastedCode(pasted);
  } catch (error) {
    throw new LoginError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.state === null) {
    throw new LoginError('the pasted code has no state part: copy the whole code the page shows, including the "#" and what follows it, and paste it again');
  }
  if (parsed.state !== expectedState) {
    throw new LoginError('the pasted code belongs to a different login (its state does not match): paste the code from the page this login opened, or run the login again');
  }
  return parsed.code;
}

/** Exchanges the code, reads the profile (best effort) and saves the account file. */
export async function completeLogin(config: LoginConfig, attempt: LoginAttempt, code: string, deps: LoginDeps = {}): Promise<Account> {
  const tokens = await exchangeForLogin(config, attempt, code, deps);
  const profile = await profileOrNull(config, tokens.accessToken, deps);
  const { data, identity } = accountFromLogin(tokens, profile, config.providers.anthropic.oauth.scopes);
  return (deps.store ?? new TokenStore(config['auth-dir'])).upsert(data, identity);
}

/** The profile, or null with a warning: the login itself has already succeeded. */
async function profileOrNull(config: LoginConfig, accessToken: string, deps: LoginDeps): Promise<AnthropicProfile | null> {
  try {
    return await fetchProfile(config.providers.anthropic['base-url'], accessToken, { fetch: deps.fetch });
  } catch (error) {
    log.warn({ problem: describeError(error) }, 'could not read the account profile (plan stays unknown); the login itself worked');
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Exchange and account

async function exchangeForLogin(config: LoginConfig, attempt: LoginAttempt, code: string, deps: LoginDeps): Promise<TokenSet> {
  const oauthDeps: OAuthDeps = { fetch: deps.fetch, now: deps.now, timeoutMs: config.timeouts.refresh };
  try {
    return await exchangeCode(
      config.providers.anthropic.oauth,
      { code, state: attempt.pkce.state, codeVerifier: attempt.pkce.verifier, redirectUri: attempt.redirectUri },
      oauthDeps,
    );
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    throw new LoginError(exchangeFailureMessage(error), { cause: error });
  }
}

function exchangeFailureMessage(error: OAuthError): string {
  switch (error.failure) {
    case 'invalid_grant':
      return `Anthropic refused the authorization code (it works once, for a few minutes, and only for the login that asked for it): run the login again (${error.message})`;
    case 'rate_limited':
      return `Anthropic's token endpoint is rate limiting: wait ${error.retryAfterMs ? `${Math.ceil(error.retryAfterMs / 1000)} s` : 'a minute'} and run the login again`;
    case 'unreachable':
      return `${error.message}: check the network connection (and providers.anthropic.oauth.token-url) and run the login again`;
    case 'rejected':
      return `${error.message}: run the login again`;
  }
}

function accountFromLogin(tokens: TokenSet, profile: AnthropicProfile | null, requestedScopes: string[]): { data: AccountFile; identity: string } {
  const email = tokens.account?.email ?? profile?.email ?? null;
  const accountUuid = tokens.account?.uuid ?? profile?.accountUuid ?? null;
  const data: AccountFile = {
    provider: 'anthropic',
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expires_at: tokens.expiresAt?.toISOString() ?? null,
    scopes: tokens.scopes.length > 0 ? tokens.scopes : requestedScopes,
    email,
    account_uuid: accountUuid,
    organization: tokens.organization ?? profile?.organization ?? null,
    // Unknown (profile unreadable): leave out, so a second login keeps the plan an earlier one found.
    ...(profile?.plan ? { plan: profile.plan } : {}),
    source: 'login',
    // A new login revives an account whose refresh token had died.
    needs_login: null,
  };
  if (!email && !accountUuid) log.warn('the login response named neither an e-mail nor an account id; saving it as "unknown"');
  return { data, identity: email ?? accountUuid ?? 'unknown' };
}

// ---------------------------------------------------------------------------------------------------------
// Loopback listener

/** Finishes the login from the browser's redirect and tells the browser how it went. */
async function answerCallback(config: LoginConfig, attempt: LoginAttempt, callback: ReceivedCallback, deps: LoginDeps): Promise<Account> {
  let code: string;
  try {
    code = readCallback(callback.params, attempt.pkce.state);
  } catch (error) {
    await callback.respond(400, failurePage(error));
    throw error;
  }
  try {
    const account = await completeLogin(config, attempt, code, deps);
    const who = account.data.email ? `Logged in as ${account.data.email}.` : 'Logged in.';
    await callback.respond(200, page('Switchboard: login complete, you can close this tab', who));
    return account;
  } catch (error) {
    await callback.respond(500, failurePage(error));
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

function presentForLoopback(url: string, deps: LoginDeps): void {
  const print = deps.print ?? printToStdout;
  const openBrowser = deps.openBrowser === undefined ? openWithSystemBrowser : deps.openBrowser;
  if (openBrowser === null) {
    print(`Open this address in a browser on this computer, log in and choose Authorize:\n\n  ${url}\n`);
    return;
  }
  print(`Opening your browser to log in. If it does not open, visit this address on this computer:\n\n  ${url}\n`);
  openInBackground(openBrowser, url, print);
}

/** Not awaited: a browser (or a test playing one) may only finish once the login has answered it. */
function openInBackground(openBrowser: (url: string) => Promise<void>, url: string, print: (text: string) => void): void {
  openBrowser(url).catch((error: unknown) => {
    print(`Could not open a browser (${describeError(error)}): open the address above yourself.`);
  });
}

async function openWithSystemBrowser(url: string): Promise<void> {
  await open(url);
}

function printToStdout(text: string): void {
  process.stdout.write(`${text}\n`);
}

function deniedError(error: string, description: string | null): LoginError {
  if (error === 'access_denied') {
    return new LoginError('the authorization was declined in the browser: run the login again and choose Authorize');
  }
  return new LoginError(`the browser came back with the error "${error}"${description ? ` (${description})` : ''}: run the login again`);
}
