/**
 * What the fuzzer found before its fixes landed, each as the shrunk request that showed it. They are replayed by
 * former-findings.test.ts on every run: a fixed finding must stay fixed even on a run whose random cases miss it.
 */
import type { Caller } from './fuzz-stack.js';

export interface FormerFinding {
  id: string;
  /** What went wrong before the fix. */
  was: string;
  /** The shrunk request that showed it, sent with the caller's key (Authorization: Bearer). */
  reproduction: { caller: Caller; method: string; path: string; headers: Record<string, string>; body: string | null };
}

export const FORMER_FINDINGS: readonly FormerFinding[] = [
  {
    id: 'deep-json-reaches-the-upstream',
    was: 'A body nested 100 000 deep in a field the loose Messages schema passes was forwarded; the upstream failed on it and every account it was failed over to was cooled down.',
    reproduction: {
      caller: 'owner',
      method: 'POST',
      path: '/v1/messages/count_tokens',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: `{"model":"claude-sonnet-4-6","messages":[{"role":"user","content":[{"type":"text","text":"hi","deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}]}`,
    },
  },
  {
    id: 'bare-http-parser-refusal',
    was: "Headers over Node's 16 KB limit were refused by its HTTP parser with a bare 431: no JSON, no request id.",
    reproduction: { caller: 'owner', method: 'GET', path: '/v1/models', headers: { 'x-padding': 'x'.repeat(17_000) }, body: null },
  },
  {
    id: 'instant-beyond-dates',
    was: '"to" past the last instant a Date holds (9e15 ms) passed validation and answered 500.',
    reproduction: { caller: 'owner', method: 'GET', path: '/admin/usage/export.csv?to=9e15', headers: {}, body: null },
  },
  {
    id: 'content-encoding-on-a-plain-body',
    was: 'A Content-Encoding on a body not so encoded answered 500 on every endpoint that parses a body, even a GET with an empty one.',
    reproduction: { caller: 'owner', method: 'GET', path: '/admin/requests', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '' },
  },
  {
    id: 'undecodable-path-parameter',
    was: "A path parameter with an escape decodeURIComponent refuses (`%ff`) answered 500: Express's URIError was not mapped.",
    reproduction: { caller: 'owner', method: 'PATCH', path: '/admin/accounts/%ff', headers: { 'content-type': 'application/json' }, body: '{}' },
  },
  {
    id: 'messages-path-in-other-case',
    was: 'Express routes case-insensitively, so POST /V1/MESSAGES reached the Messages handler, but its errors came in the OpenAI shape.',
    reproduction: { caller: 'owner', method: 'POST', path: '/V1/MESSAGES', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: '{}' },
  },
  {
    id: 'unbounded-usage-range',
    was: 'GET /admin/usage answered one bucket per day of any range: from=0000-01-01 blocked the server for seconds and ran its capped heap out of memory.',
    reproduction: { caller: 'owner', method: 'GET', path: '/admin/usage?from=0000-01-01', headers: {}, body: null },
  },
  {
    id: 'model-named-after-an-inherited-property',
    was: 'The model "toString" found Object.prototype.toString among the config aliases, and the function went on as the upstream model: 500.',
    reproduction: {
      caller: 'admin',
      method: 'POST',
      path: '/v1/responses',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: '{"model":"toString","input":"hi","max_output_tokens":1,"tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],"tool_choice":"auto","reasoning":{},"text":{"format":{"type":"text"}},"store":false,"prompt_cache_key":"hi"}',
    },
  },
  {
    id: 'model-named-after-an-inherited-property-on-messages',
    was: 'The same on the Messages route: "constructor" must be an unknown model, not Object.',
    reproduction: {
      caller: 'owner',
      method: 'POST',
      path: '/v1/messages',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: '{"model":"constructor","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}',
    },
  },
];
