/**
 * URL rules for the dashboard window: which page it shows, where it may navigate, what may leave the app.
 * Pure (no electron import) so the rules are unit-tested under plain Node.
 */
import type { SwitchboardStatusView } from '../preload/contract.js';

/** The names of this machine as URL.hostname gives them. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(value: string): URL | null {
  return URL.canParse(value) ? new URL(value) : null;
}

/**
 * Only plain https:// links are handed to the system browser. http (sniffable), file:, javascript:, custom
 * protocol handlers (which can launch local programs) and URLs carrying credentials never are.
 */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

/** Same scheme, host and port. Opaque origins (file:, data:, about:blank…) are never the same as anything. */
export function isSameOrigin(a: string, b: string): boolean {
  const first = parse(a);
  const second = parse(b);
  if (!first || !second || first.origin === 'null' || second.origin === 'null') return false;
  return first.origin === second.origin;
}

/**
 * Whether `url` belongs to the app page loaded from `appUrl`: for http(s) any path on the same origin; for the
 * offline page on app:// any path of its host (Node's URL gives custom schemes no origin, so it is compared by
 * hand); for a file: page only that very file (every file: URL shares the opaque "null" origin, so an origin
 * check would admit the whole disk).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const candidate = parse(url);
  const app = parse(appUrl);
  if (!candidate || !app) return false;
  if (app.protocol === 'app:') return candidate.protocol === 'app:' && candidate.host !== '' && candidate.host === app.host;
  if (app.protocol === 'file:') {
    return candidate.protocol === 'file:' && candidate.host === app.host && normalizeFilePath(candidate.pathname) === normalizeFilePath(app.pathname);
  }
  return isSameOrigin(url, appUrl);
}

/** Windows drive letters may come back in either case ("/c:/…" vs "/C:/…"). */
function normalizeFilePath(pathname: string): string {
  return pathname.replace(/^\/([a-z]):/i, (_match, drive: string) => `/${drive.toUpperCase()}:`);
}

/**
 * The development renderer URL (SWITCHBOARD_RENDERER_URL, a Vite dev server). Only http(s) on this machine is
 * accepted: the window it is loaded into has the desktop bridge, so it must never point at a remote site.
 */
export function parseDevRendererUrl(value: string | undefined): { url: string | null; problem: string | null } {
  if (value === undefined || value.trim() === '') return { url: null, problem: null };
  const parsed = parse(value.trim());
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return { url: null, problem: `SWITCHBOARD_RENDERER_URL="${value}" is not an http:// URL — ignored` };
  }
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
    return { url: null, problem: `SWITCHBOARD_RENDERER_URL must point at this machine (localhost, 127.0.0.1 or [::1]), not ${parsed.hostname} — ignored` };
  }
  return { url: parsed.href, problem: null };
}

/**
 * The running proxy's base URL, null while it is not running. The proxy reports it as clients on this machine
 * reach it (clientBaseUrl in proxy/index.ts: a wildcard listen address already comes back as 127.0.0.1).
 */
export function runningProxyUrl(status: SwitchboardStatusView): string | null {
  return status.state === 'running' ? status.url : null;
}

/**
 * What the dashboard window shows: the Vite dev server in development; otherwise the dashboard the running
 * proxy serves at `/`; while the proxy is not running, the built page from disk (it says so and offers Start).
 */
export function chooseDashboardUrl(input: { devUrl: string | null; proxyUrl: string | null; offlinePageUrl: string }): string {
  if (input.devUrl) return input.devUrl;
  const proxy = input.proxyUrl ? parse(input.proxyUrl) : null;
  return proxy && (proxy.protocol === 'http:' || proxy.protocol === 'https:') ? new URL('/', proxy).href : input.offlinePageUrl;
}
