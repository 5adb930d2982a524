/**
 * Logging in to a Claude subscription (PROTOCOLS.md §1 "OAuth"): the loopback flow (a local listener catches
 * the browser's redirect) and the manual flow (the person pastes `code#state`). Every piece of I/O comes in
 * through `LoginDeps`, and the exchange-and-save step (`completeLogin`) is shared with the desktop shell, which
 * catches the redirect in its own window instead of a listener.
 */
import open from 'open';
import type { Account, AccountFile } from '../../accounts/account-file.js';
import { TokenStore } from '../../accounts/token-store.js';
import type { ClaudeRunConfig } from './config-schema.js';
import { createLogger } from '../../log.js';
import { LoginError } from '../login-error.js';
import { describeError, failurePage, page } from './login-pages.js';
import { listenForCallback, loopbackTarget, waitForCallback, type ReceivedCallback } from './loopback-listener.js';
import { fetchProfile, type AnthropicProfile } from './profile.js';
import { buildAuthorizeUrl, createPkce, exchangeCode, OAuthError, parsePastedCode, type OAuthDeps, type Pkce, type TokenSet } from './oauth.js';

const log = createLogger('providers/anthropic/login');

/** How long the loopback flow waits for the browser to come back. */
export const LOGIN_TIMEOUT_MS = 5 * 60 * 1000;

/** The settings a login reads. */
export type LoginConfig = ClaudeRunConfig;

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

/** One login in progress: the address to open and the secrets needed to finish it. */
export interface LoginAttempt {
  url: string;
  redirectUri: string;
  pkce: Pkce;
  /** How the code comes back: pasted by the person (manual flow) or in a redirect (loopback, app window). */
  flow: 'paste' | 'redirect';
  /** The account this login renews (its file is replaced, not a second one added); null for a new account. */
  renews: string | null;
}

/** What a login is for: a new account, or a new login of an existing one. */
export interface LoginTarget {
  /** The id of the account to renew. */
  renews?: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// The two flows

/** Logs in through the system browser and a listener on the configured `redirect-uri` (localhost:54545). */
export async function loginWithLoopback(config: LoginConfig, deps: LoginDeps = {}, target: LoginTarget = {}): Promise<Account> {
  const redirectUri = config.providers.anthropic.oauth['redirect-uri'];
  const listener = await listenForCallback(loopbackTarget(redirectUri));
  try {
    const attempt = await startLogin(config, redirectUri, deps, target);
    presentForLoopback(attempt.url, deps);
    const timeoutMs = deps.callbackTimeoutMs ?? LOGIN_TIMEOUT_MS;
    const callback = await waitForCallback(listener.callback, timeoutMs, deps.signal);
    return await answerCallback(config, attempt, callback, deps);
  } finally {
    await listener.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Steps shared with the desktop shell

/** A fresh PKCE pair and state, and the authorize address for them. */
export async function startLogin(
  config: Pick<LoginConfig, 'providers'>,
  redirectUri: string,
  deps: Pick<LoginDeps, 'createPkce'> = {},
  target: LoginTarget = {},
): Promise<LoginAttempt> {
  const pkce = await (deps.createPkce ?? createPkce)();
  const oauth = config.providers.anthropic.oauth;
  return {
    url: buildAuthorizeUrl(oauth, { redirectUri, pkce }),
    redirectUri,
    pkce,
    flow: redirectUri === oauth['manual-redirect-uri'] ? 'paste' : 'redirect',
    renews: target.renews ?? null,
  };
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

/**
 * Reads what was pasted in the manual flow and returns the code once its state is ours. Whatever is wrong with
 * the paste, the login itself is still good: the errors say to paste again.
 */
export function readPaste(pasted: string, expectedState: string): string {
  let parsed: { code: string; state: string | null };
  try {
    parsed = parsePastedCode(pasted);
  } catch (error) {
    throw new LoginError(error instanceof Error ? error.message : String(error), { recovery: 'paste-again' });
  }
  if (parsed.state === null) {
    throw new LoginError('the pasted code has no state part: copy the whole code the page shows, including the "#" and what follows it, and paste it again', {
      recovery: 'paste-again',
    });
  }
  if (parsed.state !== expectedState) {
    throw new LoginError('the pasted code belongs to a different login (its state does not match): paste the code from the page this login opened', {
      recovery: 'paste-again',
    });
  }
  return parsed.code;
}

/**
 * Exchanges the code, reads the profile (best effort) and saves the account file: a new account, or — when the
 * attempt renews one — into that account's own file, once the login is shown to be the same person's.
 */
export async function completeLogin(config: LoginConfig, attempt: LoginAttempt, code: string, deps: LoginDeps = {}): Promise<Account> {
  const tokens = await exchangeForLogin(config, attempt, code, deps);
  const profile = await profileOrNull(config, tokens.accessToken, deps);
  const { data, identity } = accountFromLogin(tokens, profile, config.providers.anthropic.oauth.scopes, deps.now ?? Date.now);
  const store = deps.store ?? new TokenStore(config['auth-dir']);
  const renewed = attempt.renews ? await store.read(attempt.renews) : null;
  if (!renewed) return store.upsert(data, identity); // a new account, or the one to renew was removed meanwhile
  const other = otherPerson(renewed.data, data);
  if (other) throw new LoginError(other, { recovery: 'start-again' });
  return store.upsert(data, identity, { into: renewed.id });
}

/**
 * Why a login cannot renew an account — it is someone else's — or null. Compared by account id where both have
 * one (an e-mail can change), else by e-mail; a file that names neither accepts any login.
 */
function otherPerson(renewed: AccountFile, login: AccountFile): string | null {
  const sameUuid = renewed.account_uuid && login.account_uuid ? renewed.account_uuid === login.account_uuid : null;
  const sameEmail = renewed.email && login.email ? renewed.email.toLowerCase() === login.email.toLowerCase() : null;
  if ((sameUuid ?? sameEmail ?? true) === true) return null;
  const was = renewed.email ?? renewed.account_uuid ?? 'the account';
  const is = login.email ?? login.account_uuid ?? 'another account';
  return `this login was to renew ${was}, but the sign-in page logged in ${is}: log in again as ${was} (sign out of claude.ai first if it keeps choosing ${is}), or add ${is} as an account of its own; nothing was changed`;
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

/**
 * Only a refusal of the code itself (invalid_grant: used, expired or not this login's) spends the login; when the
 * token endpoint could not answer, the code is still good and the same login can be finished with it.
 */
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
    const recovery = error.failure === 'invalid_grant' ? 'start-again' : 'paste-again';
    throw new LoginError(exchangeFailureMessage(error, attempt.flow), { cause: error, recovery });
  }
}

/** What went wrong, and the next step as the flow offers it: a pasted code can be pasted again. */
function exchangeFailureMessage(error: OAuthError, flow: LoginAttempt['flow']): string {
  const retry = flow === 'paste' ? 'paste the code again' : 'run the login again';
  switch (error.failure) {
    case 'invalid_grant':
      return `Anthropic refused the authorization code: it was already used or has expired (a code works once, for a few minutes, and only for the login that asked for it), so ${
        flow === 'paste' ? 'a fresh login link is needed' : 'run the login again'
      }. Anthropic said: ${error.message}`;
    case 'rate_limited':
      return `Anthropic's token endpoint is rate limiting: wait ${error.retryAfterMs ? `${Math.ceil(error.retryAfterMs / 1000)} s` : 'a minute'} and ${retry}`;
    case 'unreachable':
      return `${error.message}: check the network connection (and providers.anthropic.oauth.token-url) and ${retry}`;
    case 'rejected':
      return `${error.message}: ${retry}`;
  }
}

function accountFromLogin(tokens: TokenSet, profile: AnthropicProfile | null, requestedScopes: string[], now: () => number): { data: AccountFile; identity: string } {
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
    // A new login revives an account whose refresh token had died, and starts its runtime state afresh.
    needs_login: null,
    logged_in_at: new Date(now()).toISOString(),
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
export function openInBackground(openBrowser: (url: string) => Promise<void>, url: string, print: (text: string) => void): void {
  openBrowser(url).catch((error: unknown) => {
    print(`Could not open a browser (${describeError(error)}): open the address above yourself.`);
  });
}

async function openWithSystemBrowser(url: string): Promise<void> {
  await open(url);
}

export function printToStdout(text: string): void {
  process.stdout.write(`${text}\n`);
}

function deniedError(error: string, description: string | null): LoginError {
  if (error === 'access_denied') {
    return new LoginError('the authorization was declined in the browser: run the login again and choose Authorize');
  }
  return new LoginError(`the browser came back with the error "${error}"${description ? ` (${description})` : ''}: run the login again`);
}
