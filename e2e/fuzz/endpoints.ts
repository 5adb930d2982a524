/**
 * Every public and admin endpoint (from proxy/http/routes/), with what a client may send it and what the
 * fuzzer may expect back: who may get a 2xx, what a 2xx looks like, and what a 2xx is allowed to change.
 */
import fc from 'fast-check';
import { nastyString, percentEncoded } from './hostile.js';
import { exportQuery, messagesQuery, noQuery, requestsQuery, usageQuery } from './queries.js';
import {
  accountChangesBody,
  chatBody,
  configureClientBody,
  countTokensBody,
  importBody,
  keyChangesBody,
  keyInputBody,
  loginFinishBody,
  loginStartBody,
  messagesBody,
  responsesBody,
} from './valid-bodies.js';

/** Who may get a 2xx: anyone, any valid key, admin keys, or the owner key alone. */
export type Access = 'public' | 'key' | 'admin' | 'owner';

/** What a 2xx body must be. */
export type Success = 'anthropic-message' | 'count-tokens' | 'chat-completion' | 'response' | 'models' | 'health' | 'json' | 'csv';

/**
 * What a 2xx may change, so the harness can put it back: the accounts (their files and state), the owner key
 * (rotated: the answer holds the new one), or the key the fuzzer keeps to be changed and revoked.
 */
export type Effect = 'accounts' | 'owner-key' | 'target-key';

/** A path parameter: something that exists on the server, or whatever a client types. */
export type PathParameter = { known: 'account' | 'target-key' | 'fresh-login' } | { literal: string };

export interface Endpoint {
  method: string;
  /** With `:param` placeholders. */
  path: string;
  parameter?: fc.Arbitrary<PathParameter>;
  /** The valid bodies it takes (the fuzzer mutates them); null when it reads none. */
  body: fc.Arbitrary<unknown> | null;
  query: fc.Arbitrary<string>;
  access: Access;
  success: Success;
  effect?: Effect;
}

const literal = fc.oneof(
  fc.constantFrom('x', 'nope', '..', '%2e%2e', '%2F', '%00', '%ff', 'a'.repeat(3000), 'anthropic-fuzz-first%40example.com%2F..'),
  nastyString.map(percentEncoded),
);

function parameter(known: 'account' | 'target-key' | 'fresh-login'): fc.Arbitrary<PathParameter> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant({ known }) }, { weight: 2, arbitrary: literal.map((text) => ({ literal: text })) });
}

/** The clients Switchboard sets up, and names it does not know. */
const clientParameter: fc.Arbitrary<PathParameter> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom({ literal: 'claude-code' }, { literal: 'codex' }) },
  { weight: 2, arbitrary: literal.map((text) => ({ literal: text })) },
);

/**
 * In the order they are fuzzed. The readers whose answers grow with what other cases create — the keys every
 * POST /admin/keys adds, the usage events every /v1 request records — come first, on a ledger the run seeds with
 * a fixed number of generated /v1 requests: so each of their cases costs the same however long the run, and a
 * soak's time grows with its cases, not with their square.
 */
export const ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/health', body: null, query: noQuery, access: 'public', success: 'health' },
  // ── Readers of keys and usage ──
  { method: 'GET', path: '/admin/keys', body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'GET', path: '/admin/usage/keys', body: null, query: noQuery, access: 'key', success: 'json' },
  { method: 'GET', path: '/admin/usage', body: null, query: usageQuery, access: 'admin', success: 'json' },
  { method: 'GET', path: '/admin/requests', body: null, query: requestsQuery, access: 'admin', success: 'json' },
  { method: 'GET', path: '/admin/usage/export.csv', body: null, query: exportQuery, access: 'admin', success: 'csv' },
  // ── Keys ──
  { method: 'POST', path: '/admin/keys', body: keyInputBody, query: noQuery, access: 'admin', success: 'json' },
  { method: 'PATCH', path: '/admin/keys/:param', parameter: parameter('target-key'), body: keyChangesBody, query: noQuery, access: 'admin', success: 'json', effect: 'target-key' },
  { method: 'DELETE', path: '/admin/keys/:param', parameter: parameter('target-key'), body: null, query: noQuery, access: 'admin', success: 'json', effect: 'target-key' },
  // ── Accounts ──
  { method: 'GET', path: '/admin/accounts', body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/reload', body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'PATCH', path: '/admin/accounts/:param', parameter: parameter('account'), body: accountChangesBody, query: noQuery, access: 'admin', success: 'json', effect: 'accounts' },
  { method: 'POST', path: '/admin/accounts/:param/quota', parameter: parameter('account'), body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/accounts/:param/cooldown/clear', parameter: parameter('account'), body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'DELETE', path: '/admin/accounts/:param', parameter: parameter('account'), body: null, query: noQuery, access: 'admin', success: 'json', effect: 'accounts' },
  { method: 'POST', path: '/admin/accounts/login', body: loginStartBody, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/accounts/login/:param', parameter: parameter('fresh-login'), body: loginFinishBody, query: noQuery, access: 'admin', success: 'json', effect: 'accounts' },
  { method: 'GET', path: '/admin/accounts/login/:param', parameter: parameter('fresh-login'), body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'DELETE', path: '/admin/accounts/login/:param', parameter: parameter('fresh-login'), body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/accounts/import', body: importBody, query: noQuery, access: 'admin', success: 'json', effect: 'accounts' },
  // ── Prices, clients and the owner key ──
  { method: 'GET', path: '/admin/prices', body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/prices/update', body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'GET', path: '/admin/clients', body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/clients/:param/configure', parameter: clientParameter, body: configureClientBody, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/clients/:param/restore', parameter: clientParameter, body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'GET', path: '/admin/clients/:param/doctor', parameter: clientParameter, body: null, query: noQuery, access: 'admin', success: 'json' },
  { method: 'POST', path: '/admin/owner-key/rotate', body: null, query: noQuery, access: 'owner', success: 'json', effect: 'owner-key' },
  // ── The API ──
  { method: 'GET', path: '/v1/models', body: null, query: noQuery, access: 'key', success: 'models' },
  { method: 'POST', path: '/v1/messages', body: messagesBody, query: messagesQuery, access: 'key', success: 'anthropic-message' },
  { method: 'POST', path: '/v1/messages/count_tokens', body: countTokensBody, query: messagesQuery, access: 'key', success: 'count-tokens' },
  { method: 'POST', path: '/v1/chat/completions', body: chatBody, query: noQuery, access: 'key', success: 'chat-completion' },
  { method: 'POST', path: '/v1/responses', body: responsesBody, query: noQuery, access: 'key', success: 'response' },
];

export function endpointName(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.path}`;
}
