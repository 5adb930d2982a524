import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_FORMATS, type ClientFormat, type Seen } from './fault-matrix/client-formats.js';
import { anthropicKeyEntry, claudeEntry, compatEntry, openAIKeyEntry, upstreamStreams, type AccountState, type Fault, type ProviderEntry, type ProviderRig } from './fault-matrix/provider-rigs.js';

/**
 * Every upstream fault × every client format × every provider, each with its one defined outcome (issue #13):
 * - failover only before the first byte: a fault before the answer began is met by the next account (so the
 *   client gets a whole answer, or — when every account failed — an error in its format); a fault after it is
 *   told to the client, never retried;
 * - what the client sees is well-formed in its own format (the readers in client-formats.ts check it strictly):
 *   a whole answer, an error answer, or a 200 stream whose last word is an error;
 * - the state it leaves the first account in: cooling down, or needing a new login;
 * - the usage row it leaves: billed to the account that answered last, its status and outcome what the client saw.
 * Providers plug in as entries (fault-matrix/provider-rigs.ts): the Claude subscription, and the API-key targets —
 * anthropic-key, openai-key (its Chat and Responses APIs both) and compat. Their stand-ins script the same faults.
 */
const PROVIDERS: readonly ProviderEntry[] = [claudeEntry, anthropicKeyEntry, openAIKeyEntry, compatEntry];

type ErrorKind = 'api_error' | 'overloaded' | 'timeout';

interface Outcome {
  /** What the client sees: a whole answer, an error answer (status, kind, words), or a stream ending in an error (kind, words). */
  seen: { answer: true } | { status: number; kind: ErrorKind; message: RegExp } | { streamError: ErrorKind; message: RegExp };
  /** The second account served (or was tried) after the first failed. */
  failedOver: boolean;
  first: AccountState['status'];
}

interface FaultCase {
  name: string;
  fault: Fault;
  /** Only where the provider is asked for a stream (an error inside a 200 stream cannot happen elsewhere). */
  needsUpstreamStream?: boolean;
  /** Only where accounts log in (a token endpoint, refresh tokens). */
  needsLogin?: boolean;
  outcome(format: ClientFormat, provider: ProviderEntry): Outcome;
}

const failsOver: Outcome = { seen: { answer: true }, failedOver: true, first: 'cooling' };

/** A fault after the answer began: a stream ends with an error event, a whole answer becomes an error answer. */
function toldAfterTheAnswerBegan(status: number, kind: ErrorKind, message: RegExp) {
  return (format: ClientFormat): Outcome => ({
    seen: format.stream ? { streamError: kind, message } : { status, kind, message },
    failedOver: false,
    first: 'cooling',
  });
}

const CASES: readonly FaultCase[] = [
  { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfterSeconds: 30 }, outcome: () => failsOver },
  { name: '429 without Retry-After', fault: { kind: 'status', status: 429, retryAfterSeconds: null }, outcome: () => failsOver },
  ...[500, 502, 503, 504, 529].map((status): FaultCase => ({ name: `HTTP ${status}`, fault: { kind: 'status', status }, outcome: () => failsOver })),
  { name: 'an error inside a 200 stream before the first content', fault: { kind: 'error-in-stream', afterContent: false }, needsUpstreamStream: true, outcome: () => failsOver },
  {
    name: 'an error inside a 200 stream after the first content',
    fault: { kind: 'error-in-stream', afterContent: true },
    needsUpstreamStream: true,
    outcome: (format, provider) => toldAfterTheAnswerBegan(provider.streamError.status, provider.streamError.kind, provider.streamError.message)(format),
  },
  {
    name: 'connection refused',
    fault: { kind: 'connection-refused' },
    // Every account meets it: the client hears the last failure.
    outcome: () => ({ seen: { status: 502, kind: 'api_error', message: /^could not reach .+: fetch failed \(.*ECONNREFUSED/ }, failedOver: true, first: 'cooling' }),
  },
  { name: 'headers that never come', fault: { kind: 'break', how: 'headers-never-come' }, outcome: () => failsOver },
  { name: 'a stall mid-stream or mid-body', fault: { kind: 'break', how: 'stall' }, outcome: toldAfterTheAnswerBegan(504, 'timeout', /sent nothing for \d+s/) },
  { name: 'a TCP reset mid-stream or mid-body', fault: { kind: 'break', how: 'reset' }, outcome: toldAfterTheAnswerBegan(502, 'api_error', /broke/) },
  {
    name: 'a stream without its terminal event, a body cut off',
    fault: { kind: 'break', how: 'truncated' },
    outcome: (format, provider) =>
      toldAfterTheAnswerBegan(502, 'api_error', upstreamStreams(provider, format) ? /^the upstream stream ended before the response was complete$/ : /answered with a body that is not JSON/)(format),
  },
  { name: 'malformed SSE or JSON', fault: { kind: 'break', how: 'malformed' }, outcome: toldAfterTheAnswerBegan(502, 'api_error', /not JSON/) },
  { name: 'an oversized event or body', fault: { kind: 'break', how: 'oversized' }, outcome: toldAfterTheAnswerBegan(502, 'api_error', /larger than 16 MiB/) },
  { name: 'a redirect', fault: { kind: 'redirect' }, outcome: () => failsOver },
  { name: "a gateway's 502 page that is not JSON", fault: { kind: 'gateway-page', status: 502 }, outcome: () => failsOver },
  {
    name: 'the credentials refused (401)',
    fault: { kind: 'credentials-refused' },
    // A token is refreshed once and the request retried on the same account; a key stays refused: the next one serves.
    outcome: (_format, provider) => (provider.logsIn ? { seen: { answer: true }, failedOver: false, first: 'ready' } : { seen: { answer: true }, failedOver: true, first: 'needs_login' }),
  },
  { name: 'the token endpoint down', fault: { kind: 'token-endpoint-down' }, needsLogin: true, outcome: () => failsOver },
  { name: 'a revoked refresh token', fault: { kind: 'refresh-token-revoked' }, needsLogin: true, outcome: () => ({ seen: { answer: true }, failedOver: true, first: 'needs_login' }) },
];

/** The usage row the outcome leaves: billed to the account that answered last, with the status and outcome the client saw. */
function expectedUsage(outcome: Outcome, rig: ProviderRig) {
  const seen = outcome.seen;
  return {
    account: outcome.failedOver ? 'second' : 'first',
    provider: rig.target,
    targetsTried: [rig.target],
    status: 'status' in seen ? seen.status : 200,
    outcome: 'answer' in seen ? 'ok' : 'error',
  };
}

/** Each format's name for an error kind (responses streams name codes, which the Codex CLI reads). */
function typeName(format: ClientFormat, kind: ErrorKind, inStream: boolean): string {
  if (format.shape === 'anthropic') return { api_error: 'api_error', overloaded: 'overloaded_error', timeout: 'timeout_error' }[kind];
  if (inStream && format.path === '/v1/responses') return { api_error: 'server_error', overloaded: 'server_is_overloaded', timeout: 'timeout' }[kind];
  return 'server_error';
}

/**
 * A Chat stream's error is followed by [DONE] — but for the upstream's own error chunk passed through unchanged,
 * which the client sees as the upstream ended it.
 */
function chatDone(format: ClientFormat, faultCase: FaultCase, provider: ProviderEntry): { done?: boolean } {
  if (format.path !== '/v1/chat/completions') return {};
  return { done: !(faultCase.fault.kind === 'error-in-stream' && provider.passesThrough(format)) };
}

function expectSeen(seen: Seen, expected: Outcome['seen'], format: ClientFormat, done: { done?: boolean }): void {
  if ('answer' in expected) expect(seen).toEqual({ kind: 'answer' });
  else if ('streamError' in expected) expect(seen).toEqual({ kind: 'stream-error', type: typeName(format, expected.streamError, true), message: expect.stringMatching(expected.message), ...done });
  else expect(seen).toEqual({ kind: 'error', status: expected.status, type: typeName(format, expected.kind, false), message: expect.stringMatching(expected.message) });
}

for (const entry of PROVIDERS) {
  describe(`fault matrix: ${entry.name}`, () => {
    let rig: ProviderRig;
    beforeAll(async () => {
      rig = await entry.start();
    });
    afterAll(() => rig.close());
    beforeEach(() => rig.renewAccounts());

    for (const format of CLIENT_FORMATS) {
      describe(format.name, () => {
        const cases = CASES.filter((candidate) => (!candidate.needsUpstreamStream || upstreamStreams(entry, format)) && (!candidate.needsLogin || entry.logsIn));
        for (const faultCase of cases) {
          it(faultCase.name, async () => {
            const expected = faultCase.outcome(format, entry);
            const before = await rig.accounts();
            const mark = await rig.usageMark();
            const undo = await rig.inject(faultCase.fault);
            let seen: Seen;
            try {
              const response = await fetch(`${rig.url}${format.path}`, {
                method: 'POST',
                headers: { authorization: `Bearer ${rig.key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
                body: JSON.stringify(format.body(rig.model)),
              });
              seen = await format.read(response);
            } finally {
              await undo();
            }
            expectSeen(seen, expected.seen, format, chatDone(format, faultCase, entry));
            const after = await rig.accounts();
            expect({ failedOver: after.second.requests > before.second.requests, first: after.first.status }).toEqual({ failedOver: expected.failedOver, first: expected.first });
            expect(await rig.usageAfter(mark)).toEqual(expectedUsage(expected, rig));
            expect(rig.redirectTargetHits).toBe(0);
          });
        }
      });
    }
  });
}
