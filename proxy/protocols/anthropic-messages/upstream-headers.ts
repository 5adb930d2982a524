import type { IncomingHttpHeaders } from 'node:http';
import { hopByHopFilter } from '../../upstream/hop-by-hop.js';

/** The Messages API version sent when the client names none. */
export const ANTHROPIC_VERSION = '2023-06-01';

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
  const values = (Array.isArray(clientValue) ? clientValue : [clientValue ?? '']).flatMap(splitBetas);
  return [...new Set([...values, ...required])].join(',');
}

function splitBetas(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((beta) => beta.trim())
    .filter(Boolean);
}

export interface UpstreamHeaderEdits {
  /** What the credential source gives: an Authorization or x-api-key header; its anthropic-beta is merged, not set. */
  credentialHeaders: Record<string, string>;
  /** Betas the request needs besides the client's and the credential's. */
  betas: readonly string[];
  /** Headers that stand in for the client's identity (a request profile): they replace its user agent and x-stainless-* headers. */
  clientIdentity: Record<string, string> | null;
}

/**
 * The headers sent upstream: the client's, minus credentials and hop-by-hop ones, plus the named edits — the
 * credential's headers, the merged anthropic-beta list and, when one applies, a client identity (a request profile).
 */
export function buildUpstreamHeaders(clientHeaders: IncomingHttpHeaders, edits: UpstreamHeaderEdits): Headers {
  const headers = new Headers();
  const identityReplacesStainless = edits.clientIdentity !== null;
  const isHopByHop = hopByHopFilter(clientHeaders.connection);
  for (const [name, value] of Object.entries(clientHeaders)) {
    if (value === undefined || NOT_FORWARDED.has(name) || isHopByHop(name)) continue;
    if (identityReplacesStainless && (name.startsWith('x-stainless-') || name === 'user-agent')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  for (const [name, value] of Object.entries(edits.clientIdentity ?? {})) headers.set(name, value);
  const { 'anthropic-beta': credentialBetas, ...credentialHeaders } = edits.credentialHeaders;
  for (const [name, value] of Object.entries(credentialHeaders)) headers.set(name, value);
  headers.set('anthropic-version', firstValue(clientHeaders['anthropic-version']) ?? ANTHROPIC_VERSION);
  const betas = mergeBetas(clientHeaders['anthropic-beta'], [...splitBetas(credentialBetas), ...edits.betas]);
  if (betas) headers.set('anthropic-beta', betas);
  headers.set('content-type', 'application/json');
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  return headers;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
