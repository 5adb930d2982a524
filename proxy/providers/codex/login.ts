/**
 * Logging in to ChatGPT for Codex (PROTOCOLS.md §2 "Login A"): the browser flow with a loopback listener on the
 * registered port, and the manual flow, where the person pastes the address the browser ended on (the redirect
 * to localhost that a browser on another machine cannot load). Both exchange the code and save the account.
 */
import open from 'open';
import type { Account } from '../../accounts/account-file.js';
import type { TokenStore } from '../../accounts/token-store.js';
import { LoginError } from '../login-error.js';
import { pasteLogin, pasteLoginInTerminal, type TerminalIo } from '../paste-login.js';
import type { PasteCodeLogin } from '../provider-module.js';
import { saveLogin } from './account.js';
import type { CodexRunConfig } from './config-schema.js';
import { CODEX_DEFAULTS } from './constants.js';
import { listenOnRegisteredPort } from './loopback.js';
import { buildAuthorizeUrl, CodexOAuthError, createPkce, exchangeCode, type Pkce } from './oauth.js';

export const LOGIN_TIMEOUT_MS = 5 * 60 * 1000;

export interface CodexLoginDeps {
  fetch?: typeof fetch;
  /** Opens the system browser (default: the `open` package); null: only print the address. */
  openBrowser?: ((url: string) => Promise<void>) | null;
  print?: (text: string) => void;
  store?: TokenStore;
  now?: () => number;
  callbackTimeoutMs?: number;
  signal?: AbortSignal;
}

interface Attempt {
  url: string;
  redirectUri: string;
  pkce: Pkce;
  renews: string | null;
}

function startAttempt(config: CodexRunConfig, redirectUri: string, renews: string | null): Attempt {
  const section = config.providers.codex;
  const pkce = createPkce();
  return { url: buildAuthorizeUrl(section.oauth, { redirectUri, pkce, originator: section.originator }), redirectUri, pkce, renews };
}

/** The redirect the manual flow names: the first registered loopback port, which nothing needs to listen on. */
function manualRedirectUri(config: CodexRunConfig): string {
  return `http://localhost:${config.providers.codex.oauth['loopback-ports'][0]}${CODEX_DEFAULTS.oauth.callbackPath}`;
}

/** The code of a redirect's query once its state is ours; a LoginError that says what to do otherwise. */
export function readRedirect(params: URLSearchParams, expectedState: string): string {
  const error = params.get('error');
  if (error) throw new LoginError(error === 'access_denied' ? 'the sign-in was declined in the browser: run the login again' : `the browser came back with the error "${error}": run the login again`);
  if (params.get('state') !== expectedState) throw new LoginError('the answer does not belong to this login (its state does not match): use the address this login opened', { recovery: 'paste-again' });
  const code = params.get('code');
  if (!code) throw new LoginError('the address has no authorization code: copy the whole address the browser ended on', { recovery: 'paste-again' });
  return code;
}

async function finish(config: CodexRunConfig, attempt: Attempt, code: string, deps: CodexLoginDeps): Promise<Account> {
  try {
    const tokens = await exchangeCode(config.providers.codex.oauth, { code, codeVerifier: attempt.pkce.verifier, redirectUri: attempt.redirectUri }, { ...(deps.fetch ? { fetch: deps.fetch } : {}), timeoutMs: config.timeouts.refresh });
    return await saveLogin(config, tokens, { source: 'login', renews: attempt.renews, ...(deps.store ? { store: deps.store } : {}), ...(deps.now ? { now: deps.now } : {}) });
  } catch (error) {
    if (error instanceof CodexOAuthError) throw new LoginError(`${error.message}: ${error.failure === 'transient' ? 'try again' : 'start a new login'}`, { cause: error, recovery: error.failure === 'transient' ? 'paste-again' : 'start-again' });
    throw error;
  }
}

/** Logs in through the system browser, catching the redirect on localhost:1455 (or 1457). */
export async function loginWithBrowser(config: CodexRunConfig, deps: CodexLoginDeps = {}, target: { renews?: string | null } = {}): Promise<Account> {
  const listener = await listenOnRegisteredPort(config.providers.codex.oauth['loopback-ports'], CODEX_DEFAULTS.oauth.callbackPath, deps.fetch ? { fetch: deps.fetch } : {});
  try {
    const attempt = startAttempt(config, listener.redirectUri, target.renews ?? null);
    const print = deps.print ?? ((text: string) => process.stdout.write(`${text}\n`));
    print(`Sign in with ChatGPT in your browser. If it does not open, visit this address on this computer:\n\n  ${attempt.url}\n`);
    const openBrowser = deps.openBrowser === undefined ? (url: string) => open(url).then(() => undefined) : deps.openBrowser;
    openBrowser?.(attempt.url).catch(() => print('Could not open a browser: open the address above yourself.'));
    const callback = await withTimeout(listener.callback, deps.callbackTimeoutMs ?? LOGIN_TIMEOUT_MS, deps.signal);
    try {
      const account = await finish(config, attempt, readRedirect(callback.params, attempt.pkce.state), deps);
      await callback.respond(200, `Signed in${account.data.email ? ` as ${escapeHtml(account.data.email)}` : ''}. You can close this tab.`);
      return account;
    } catch (error) {
      await callback.respond(400, `Switchboard could not finish the login: ${escapeHtml(error instanceof Error ? error.message : String(error))}`);
      throw error;
    }
  } finally {
    await listener.close();
  }
}

/**
 * The browser login as the desktop app runs it: its window opens the address and catches the redirect to the
 * registered loopback address before it leaves the window, so nothing needs to listen on the port.
 */
export function startWindowLogin(config: CodexRunConfig, target: { renews: string | null }, deps: CodexLoginDeps = {}) {
  const attempt = startAttempt(config, manualRedirectUri(config), target.renews);
  return { url: attempt.url, callback: { redirectUri: attempt.redirectUri, state: attempt.pkce.state, finish: (code: string) => finish(config, attempt, code, deps) } };
}

/**
 * The manual login: the person opens the address anywhere, signs in, and pastes the address the browser ended on
 * (http://localhost:1455/auth/callback?code=…&state=…, which fails to load when the browser is elsewhere). The
 * attempt's state is the shared paste login's (providers/paste-login.ts).
 */
export type CodexPasteLogin = PasteCodeLogin;

export const CodexPasteLogin = {
  start(config: CodexRunConfig, deps: CodexLoginDeps = {}, target: { renews?: string | null } = {}): CodexPasteLogin {
    const attempt = startAttempt(config, manualRedirectUri(config), target.renews ?? null);
    return pasteLogin({
      url: attempt.url,
      renews: attempt.renews,
      read: (pasted) => readRedirect(pastedAddress(pasted), attempt.pkce.state),
      exchange: (code) => finish(config, attempt, code, deps),
    });
  },
};

function pastedAddress(pasted: string): URLSearchParams {
  try {
    return new URL(pasted.trim()).searchParams;
  } catch {
    throw new LoginError('that is not an address: copy the whole address from the browser (it starts with http://localhost:)', { recovery: 'paste-again' });
  }
}

/** The CLI's manual login: prints the address and reads pasted lines until one logs in (a fresh address after a refusal). */
export async function loginWithPaste(config: CodexRunConfig, io: TerminalIo, deps: CodexLoginDeps = {}): Promise<Account> {
  const explain = (url: string) =>
    `Open this address in a browser (on any device) and sign in with ChatGPT:\n\n  ${url}\n\nThe browser then goes to an address on localhost that may not load: copy that whole address and paste it here.`;
  return pasteLoginInTerminal(() => CodexPasteLogin.start(config, deps), io, { intro: explain, prompt: 'Address: ', fresh: explain });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, signal: AbortSignal | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new LoginError('no answer came back from the browser in time: run the login again, or log in with --manual')), timeoutMs);
    const onAbort = () => reject(new LoginError('the login was cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
