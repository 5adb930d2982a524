/**
 * What the login window does with each address it is about to load: catch the redirect to the registered callback
 * (so the authorization code never reaches a port, and no port needs to be free), hand sign-in pages that refuse
 * embedded views to the system browser, block what a login has no business opening, let the rest through.
 * Pure: the Electron adapter (login-window.ts) and the flow (window-login.ts) call it; tests call it directly.
 */
import type { EmbeddedRefusal } from '../desktop-providers.js';
import { LOOPBACK_HOSTS } from '../navigation.js';

/** Where a request comes from: the page itself, a frame in it, a window.open popup, or a resource it loads. */
export type RequestFrame = 'main' | 'sub' | 'popup' | 'resource';

export interface CallbackExpectation {
  /** The redirect_uri the authorize request registered, e.g. http://localhost:54545/callback. */
  redirectUri: string;
  /** The state the authorize request sent; the redirect must bring it back. */
  state: string;
}

export interface NavigationContext {
  /** Null for logins that end without a redirect. */
  callback: CallbackExpectation | null;
  refusals: readonly EmbeddedRefusal[];
}

export type NavigationDecision =
  /** The redirect brought an authorization code for this login: exchange it. */
  | { action: 'finish'; code: string }
  /** The redirect ended the login without a code (declined, wrong login): say why. */
  | { action: 'fail'; error: string }
  /** The page refuses embedded views: continue in the system browser. */
  | { action: 'fallback'; reason: string }
  /** Not for this window: cancel the request, the login goes on. */
  | { action: 'block'; reason: string }
  | { action: 'continue' };

export interface CallbackParams {
  code: string | null;
  state: string | null;
  error: string | null;
  errorDescription: string | null;
}

/** Refusals every provider meets: Google's sign-in refuses embedded browsers, before or after the e-mail. */
export const SHARED_REFUSALS: readonly EmbeddedRefusal[] = [
  { host: 'accounts.google.com', reason: 'Google does not allow signing in inside apps' },
  { pageText: 'This browser or app may not be secure', reason: 'the sign-in page does not allow signing in inside apps' },
  { pageText: 'disallowed_useragent', reason: 'the sign-in page does not allow signing in inside apps' },
];

/** Addresses a page handles itself; nothing leaves the window. */
const IN_PAGE_SCHEMES = new Set(['about:', 'data:', 'blob:']);
/** Error descriptions come from the network and are shown in the window: keep them short. */
const MAX_DESCRIPTION = 200;

export function decideNavigation(url: string, frame: RequestFrame, context: NavigationContext): NavigationDecision {
  if (!URL.canParse(url)) return { action: 'block', reason: 'not a valid address' };
  const parsed = new URL(url);
  const params = context.callback ? parseCallback(parsed, context.callback.redirectUri) : null;
  if (params && context.callback) {
    // Only a navigation is the authorization server's answer; a script fetching the callback is not.
    if (frame === 'main' || frame === 'popup') return judgeCallback(params, context.callback.state);
    return { action: 'block', reason: 'the login callback may only be reached by the page itself' };
  }
  if (IN_PAGE_SCHEMES.has(parsed.protocol)) return { action: 'continue' };
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { action: 'block', reason: `a login window does not open ${parsed.protocol} addresses` };
  }
  if (frame === 'main' || frame === 'popup') {
    const refusal = refusalForUrl(parsed, context.refusals);
    if (refusal) return { action: 'fallback', reason: refusal.reason };
  }
  return { action: 'continue' };
}

/**
 * The callback's parameters when `url` is the registered redirect: same scheme, port and path; the same host, or
 * for a loopback redirect any loopback name (localhost, 127.0.0.1, [::1]): a variant left uncaught would carry
 * the code to whatever program listens on that port.
 */
export function parseCallback(url: URL | string, redirectUri: string): CallbackParams | null {
  const candidate = typeof url === 'string' ? (URL.canParse(url) ? new URL(url) : null) : url;
  if (!candidate || !URL.canParse(redirectUri)) return null;
  const registered = new URL(redirectUri);
  if (candidate.protocol !== registered.protocol) return null;
  if (effectivePort(candidate) !== effectivePort(registered)) return null;
  if (candidate.pathname !== registered.pathname) return null;
  const sameHost = LOOPBACK_HOSTS.has(registered.hostname) ? LOOPBACK_HOSTS.has(candidate.hostname) : candidate.hostname === registered.hostname;
  if (!sameHost) return null;
  const query = candidate.searchParams;
  return { code: query.get('code'), state: query.get('state'), error: query.get('error'), errorDescription: query.get('error_description') };
}

function effectivePort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
}

/** Finish with the code once the state is this login's; otherwise say, in words, why the login ended. */
export function judgeCallback(params: CallbackParams, expectedState: string): NavigationDecision {
  if (params.error) {
    if (params.error === 'access_denied') {
      return { action: 'fail', error: 'the authorization was declined on the sign-in page: start the login again and choose Authorize' };
    }
    const description = params.errorDescription ? ` (${shorten(params.errorDescription)})` : '';
    return { action: 'fail', error: `the sign-in page answered with the error "${shorten(params.error)}"${description}: start the login again` };
  }
  if (params.state !== expectedState) {
    return { action: 'fail', error: 'the answer from the sign-in page does not belong to this login (its state does not match): start the login again' };
  }
  if (!params.code) return { action: 'fail', error: 'the sign-in page came back without an authorization code: start the login again' };
  return { action: 'finish', code: params.code };
}

export function refusalForUrl(url: URL, refusals: readonly EmbeddedRefusal[]): EmbeddedRefusal | null {
  return (
    refusals.find(
      (refusal) => refusal.host !== undefined && hostMatches(url.hostname, refusal.host) && (refusal.pathPrefix === undefined || url.pathname.startsWith(refusal.pathPrefix)),
    ) ?? null
  );
}

/** The refusal a loaded page's visible text announces, if any. */
export function refusalForPageText(text: string, refusals: readonly EmbeddedRefusal[]): EmbeddedRefusal | null {
  const haystack = text.toLowerCase();
  return refusals.find((refusal) => refusal.pageText !== undefined && haystack.includes(refusal.pageText.toLowerCase())) ?? null;
}

function hostMatches(hostname: string, pattern: string): boolean {
  const wanted = pattern.toLowerCase();
  if (wanted.startsWith('*.')) return hostname.endsWith(wanted.slice(1));
  return hostname === wanted;
}

/**
 * Whether the system browser may be sent to a login address: https, or http on this machine (a local stand-in
 * server); never other schemes, which can launch programs.
 */
export function isBrowserLoginUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:') return parsed.hostname !== '';
  return parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
}

function shorten(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
