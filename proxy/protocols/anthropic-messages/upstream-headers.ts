import type { IncomingHttpHeaders } from 'node:http';
import { hopByHopFilter } from '../../upstream/hop-by-hop.js';
import { ANTHROPIC_VERSION, OAUTH_BETA } from '../../providers/anthropic/constants.js';

/**
 * Client headers that never go upstream besides the hop-by-hop ones: the client's own credentials for
 * Switchboard, what fetch sets itself, what the named edits replace, and what described the client's bytes on
 * the wire: the body goes upstream as Switchboard read it, inflated (a client's gzip is undone on arrival).
 */
const NOT_FORWARDED = new Set([
  'host',
  'content-length',
  'content-encoding',
  'accept-encoding',
  'authorization',
  'x-api-key',
  'cookie',
  'origin',
  'referer',
  'x-request-id',
  'anthropic-beta',
  'anthropic-version',
]);

/** Merges beta lists (header values may repeat and be comma separated), keeping the client's order first. */
export function mergeBetas(clientValue: string | string[] | undefined, required: readonly string[]): string {
  const values = (Array.isArray(clientValue) ? clientValue : [clientValue ?? ''])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  return [...new Set([...values, ...required])].join(',');
}

/**
 * The headers sent upstream: the client's, minus credentials and hop-by-hop ones, plus the named edits —
 * the account's Bearer token, the merged anthropic-beta list and (for non-Claude-Code clients) the profile.
 */
export function buildUpstreamHeaders(
  clientHeaders: IncomingHttpHeaders,
  edits: { accessToken: string; betas: readonly string[]; profileHeaders: Record<string, string> | null },
): Headers {
  const headers = new Headers();
  const profileReplacesStainless = edits.profileHeaders !== null;
  const isHopByHop = hopByHopFilter(clientHeaders.connection);
  for (const [name, value] of Object.entries(clientHeaders)) {
    if (value === undefined || NOT_FORWARDED.has(name) || isHopByHop(name)) continue;
    if (profileReplacesStainless && (name.startsWith('x-stainless-') || name === 'user-agent')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  for (const [name, value] of Object.entries(edits.profileHeaders ?? {})) headers.set(name, value);
  headers.set('authorization', `Bearer ${edits.accessToken}`);
  headers.set('anthropic-version', firstValue(clientHeaders['anthropic-version']) ?? ANTHROPIC_VERSION);
  headers.set('anthropic-beta', mergeBetas(clientHeaders['anthropic-beta'], edits.betas));
  headers.set('content-type', 'application/json');
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  return headers;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What Anthropic's account endpoints (/api/oauth/profile, /api/oauth/usage) need: the token and the OAuth beta. */
export function oauthApiHeaders(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}`, 'anthropic-beta': OAUTH_BETA, 'anthropic-version': ANTHROPIC_VERSION, accept: 'application/json' };
}
