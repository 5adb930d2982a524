import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAnthropicStandIn } from '../../stand-ins/anthropic-api.js';
import { startOpenAIStandIn } from '../../stand-ins/openai-api.js';
import type { AnswerBreak, ScriptedFaults } from '../../stand-ins/scripted-faults.js';
import type { ScriptableStandIn } from '../../stand-ins/stand-in-server.js';
import { TokenRegistry } from '../../stand-ins/token-registry.js';
import { addAccount, adminCall, startStack, TEST_API_KEY, writeKeyFile, type KeyInstance, type Stack } from '../harness.js';
import type { ClientFormat } from './client-formats.js';

/** A fault of an upstream or the way to it, whichever provider it is: each rig scripts it at its own stand-ins. */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number | null }
  | { kind: 'error-in-stream'; afterContent: boolean }
  | { kind: 'connection-refused' }
  | { kind: 'break'; how: AnswerBreak }
  | { kind: 'redirect' }
  /** An error status whose body is a gateway's HTML page, not the API's JSON. */
  | { kind: 'gateway-page'; status: number }
  /** The account's credentials refused (401): a token is refreshed once, a key stays refused. */
  | { kind: 'credentials-refused' }
  /** Only where accounts log in (`ProviderEntry.logsIn`). */
  | { kind: 'token-endpoint-down' }
  | { kind: 'refresh-token-revoked' };

/** What an account looks like through the admin API. */
export interface AccountState {
  status: 'ready' | 'cooling' | 'needs_login' | 'disabled';
  requests: number;
}

/** The usage row a request leaves (GET /admin/requests), as far as the matrix judges it. */
export interface UsageRow {
  /** Which of the rig's two accounts the row is billed to. */
  account: 'first' | 'second' | null;
  provider: string | null;
  targetsTried: string[];
  status: number;
  outcome: string;
}

/**
 * One provider under test: Switchboard in front of the provider's stand-ins with two accounts, `first` always tried
 * first (so a failover shows as a request of `second`). A new provider (Codex, Cursor) joins the matrix as one more
 * rig that scripts the same faults at its own stand-in.
 */
export interface ProviderRig {
  url: string;
  key: string;
  /** A model this provider serves. */
  model: string;
  /** The target id usage rows name. */
  target: string;
  /** Scripts the fault for the next request; the answer undoes what outlives that request (a port left closed). */
  inject(fault: Fault): Promise<() => Promise<void>>;
  /** Requests that reached where a redirect pointed (there must be none). */
  readonly redirectTargetHits: number;
  accounts(): Promise<{ first: AccountState; second: AccountState }>;
  /** The newest usage row's id (0: none yet); `usageAfter` waits for the row after it. */
  usageMark(): Promise<number>;
  usageAfter(mark: number): Promise<UsageRow>;
  /** Both accounts freshly logged in: no cooldown, no needs-login, working tokens. */
  renewAccounts(): Promise<void>;
  close(): Promise<void>;
}

export interface ProviderEntry {
  name: string;
  /** Whether this client format's requests pass through to the provider unchanged (else through the IR, streamed). */
  passesThrough(format: ClientFormat): boolean;
  /** Whether its accounts log in (OAuth tokens that refresh) rather than hold a static key. */
  logsIn: boolean;
  /** What its stand-in's error inside a 200 stream says: Anthropic is overloaded, OpenAI has a server error. */
  streamError: UpstreamStreamError;
  start(): Promise<ProviderRig>;
}

/** Whether the provider is asked for a stream when this client format calls: a passthrough asks as the client asked, the IR always streams. */
export function upstreamStreams(provider: ProviderEntry, format: ClientFormat): boolean {
  return format.stream || !provider.passesThrough(format);
}

export interface UpstreamStreamError {
  status: number;
  kind: 'api_error' | 'overloaded';
  message: RegExp;
}

const ANTHROPIC_STREAM_ERROR: UpstreamStreamError = { status: 529, kind: 'overloaded', message: /^Overloaded$/ };
const OPENAI_STREAM_ERROR: UpstreamStreamError = { status: 500, kind: 'api_error', message: /^The server had an error while processing your request/ };

const FIRST = 'first@example.com';
const SECOND = 'second@example.com';
/** Short, so that silences end soon; the idle one long enough for a 17 MiB event to arrive on a busy machine. */
const FAULT_TIMEOUTS = { 'first-byte': '1500ms', idle: '1500ms' };

/** Claude: the stand-in Anthropic API and OAuth server. */
export const claudeEntry: ProviderEntry = {
  name: 'Claude',
  passesThrough: (format) => format.path === '/v1/messages',
  logsIn: true,
  streamError: ANTHROPIC_STREAM_ERROR,
  async start() {
    const stack = await startStack({ withAccount: false, config: { timeouts: FAULT_TIMEOUTS, providers: { anthropic: { strategy: 'fill-first' } } } });
    const ids = { first: '', second: '' };
    const renew = async () => {
      for (const [name, email, priority] of [
        ['first', FIRST, 1],
        ['second', SECOND, 0],
      ] as const) {
        const account = await addAccount(stack.store, stack.tokens, email);
        // A new login (its time) starts the account afresh: no cooldown, no last error, no needs-login.
        await stack.store.save({ id: account.id, data: { ...account.data, priority, needs_login: null, logged_in_at: new Date().toISOString() } });
        ids[name] = account.id;
      }
      await adminCall(stack, 'POST', '/admin/reload');
    };
    return startRig({
      stack,
      model: 'claude-sonnet-4-6',
      target: 'anthropic',
      ids,
      renew,
      inject: (fault, redirectTarget) => {
        switch (fault.kind) {
          case 'token-endpoint-down':
            // The first account's token is refused; refreshing it meets a token endpoint that is down.
            stack.tokens.expireAccessTokens(FIRST);
            stack.oauth.failNextToken(503, { error: 'temporarily_unavailable', error_description: 'Service Unavailable' });
            return Promise.resolve(async () => {});
          case 'refresh-token-revoked':
            stack.tokens.expireAccessTokens(FIRST);
            stack.tokens.revokeRefreshTokens(FIRST);
            return Promise.resolve(async () => {});
          default:
            return injectAt(stack.api, fault, `${redirectTarget}/v1/messages`);
        }
      },
    });
  },
};

interface KeyProvider {
  name: string;
  provider: 'anthropic-key' | 'openai-key' | 'compat';
  model: string;
  /** The client paths its protocol passes through; every other client format reaches it through the IR, streamed. */
  passthrough: readonly string[];
  streamError: UpstreamStreamError;
  startUpstream(keys: readonly string[]): Promise<ScriptableStandIn<ScriptedFaults & { status?: number; retryAfterSeconds?: number | null; midStreamErrorAfterDeltas?: number }>>;
  /** The instance's base URL at the stand-in. */
  baseUrl(url: string): string;
}

const FIRST_KEY = 'sk-fault-matrix-first-0123456789';
const SECOND_KEY = 'sk-fault-matrix-second-0123456789';

/**
 * An API-key provider: one instance (`<provider>:matrix`) whose two keys pool, served by one stand-in that takes
 * both. A key is never refreshed; its refusal leaves the key's account needing a new key.
 */
function keyEntry(spec: KeyProvider): ProviderEntry {
  return {
    name: spec.name,
    passesThrough: (format) => spec.passthrough.includes(format.path),
    logsIn: false,
    streamError: spec.streamError,
    async start() {
      const upstream = await spec.startUpstream([FIRST_KEY, SECOND_KEY]);
      const stack = await startStack({
        withAccount: false,
        config: { timeouts: FAULT_TIMEOUTS, providers: { anthropic: { enabled: false }, [spec.provider]: { strategy: 'fill-first' } } },
        keyInstances: keyFiles(spec, upstream),
      });
      const ids = { first: `${spec.provider}-first`, second: `${spec.provider}-second` };
      return startRig({
        stack,
        model: spec.model,
        target: `${spec.provider}:matrix`,
        ids,
        renew: async () => {
          for (const file of keyFiles(spec, upstream)) await writeKeyFile(stack.store, file);
          await adminCall(stack, 'POST', '/admin/reload');
        },
        inject: (fault, redirectTarget) => {
          if (fault.kind === 'token-endpoint-down' || fault.kind === 'refresh-token-revoked') throw new Error(`${spec.name} has no tokens to refresh`);
          return injectAt(upstream, fault, `${redirectTarget}/v1/x`);
        },
      });
    },
  };
}

/** The instance's two key files, `first` tried first. */
function keyFiles(spec: KeyProvider, upstream: KeyInstance['standIn']): KeyInstance[] {
  return [
    { file: 'first', key: FIRST_KEY, priority: 1 },
    { file: 'second', key: SECOND_KEY, priority: 0 },
  ].map(({ file, key, priority }) => ({
    provider: spec.provider,
    instance: 'matrix',
    key,
    standIn: upstream,
    baseUrl: spec.baseUrl(upstream.url),
    file,
    // A new key file (its time) starts the account afresh: no cooldown, no last error, no needs-login.
    extra: { models: [spec.model], priority, needs_login: null, logged_in_at: new Date().toISOString() },
  }));
}

export const anthropicKeyEntry = keyEntry({
  name: 'anthropic-key',
  provider: 'anthropic-key',
  model: 'claude-sonnet-4-6',
  passthrough: ['/v1/messages'],
  streamError: ANTHROPIC_STREAM_ERROR,
  startUpstream: (keys) => startAnthropicStandIn({ tokens: new TokenRegistry(), apiKeys: keys }),
  baseUrl: (url) => url,
});

/** OpenAI's API: Chat clients pass through to its Chat Completions, Responses clients to its Responses API. */
export const openAIKeyEntry = keyEntry({
  name: 'openai-key',
  provider: 'openai-key',
  model: 'gpt-5-mini',
  passthrough: ['/v1/chat/completions', '/v1/responses'],
  streamError: OPENAI_STREAM_ERROR,
  startUpstream: (keys) => startOpenAIStandIn({ apiKeys: keys }),
  baseUrl: (url) => `${url}/v1`,
});

/** An OpenAI-compatible server: everything reaches it as Chat Completions. */
export const compatEntry = keyEntry({
  name: 'compat',
  provider: 'compat',
  model: 'gpt-5-mini',
  passthrough: ['/v1/chat/completions'],
  streamError: OPENAI_STREAM_ERROR,
  startUpstream: (keys) => startOpenAIStandIn({ apiKeys: keys }),
  baseUrl: (url) => `${url}/v1`,
});

/** The faults every stand-in scripts alike (scripted-faults.ts), at one stand-in. */
function injectAt(
  standIn: ScriptableStandIn<ScriptedFaults & { status?: number; retryAfterSeconds?: number | null; midStreamErrorAfterDeltas?: number }>,
  fault: Fault,
  redirectTo: string,
): Promise<() => Promise<void>> {
  const nothing = () => Promise.resolve(async () => {});
  switch (fault.kind) {
    case 'status':
      standIn.failNext({ status: fault.status, ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}) });
      return nothing();
    case 'error-in-stream':
      standIn.failNext({ midStreamErrorAfterDeltas: fault.afterContent ? 1 : 0 });
      return nothing();
    case 'connection-refused':
      return standIn.refuseConnections();
    case 'break':
      standIn.failNext({ breakAnswer: fault.how });
      return nothing();
    case 'redirect':
      standIn.failNext({ redirectTo });
      return nothing();
    case 'gateway-page':
      standIn.failNext({ gatewayPage: fault.status });
      return nothing();
    case 'credentials-refused':
      standIn.failNext({ status: 401 });
      return nothing();
    case 'token-endpoint-down':
    case 'refresh-token-revoked':
      throw new Error(`${fault.kind} is scripted at a token endpoint, not at an API`);
  }
}

interface RigParts {
  stack: Stack;
  model: string;
  target: string;
  /** The two accounts' ids (known once renewed, for a provider whose ids come from its logins). */
  ids: { first: string; second: string };
  renew(): Promise<void>;
  inject(fault: Fault, redirectTarget: string): Promise<() => Promise<void>>;
}

interface AccountView {
  id: string;
  status: AccountState['status'];
  usage: { requests: number };
}

interface RequestView {
  id: number;
  accountId: string | null;
  provider: string | null;
  targetsTried: string[];
  status: number;
  outcome: string;
}

async function startRig(parts: RigParts): Promise<ProviderRig> {
  const { stack, ids } = parts;
  const redirectTarget = await startRedirectTarget();
  const newest = async () => (await adminCall<{ requests: RequestView[] }>(stack, 'GET', '/admin/requests?limit=1')).body.requests[0] ?? null;
  const rig: ProviderRig = {
    url: stack.url,
    key: TEST_API_KEY,
    model: parts.model,
    target: parts.target,
    inject: (fault) => parts.inject(fault, redirectTarget.url),
    get redirectTargetHits() {
      return redirectTarget.hits;
    },
    async accounts() {
      const { body } = await adminCall<{ accounts: AccountView[] }>(stack, 'GET', '/admin/accounts');
      const state = (id: string): AccountState => {
        const account = body.accounts.find((view) => view.id === id)!;
        return { status: account.status, requests: account.usage.requests };
      };
      return { first: state(ids.first), second: state(ids.second) };
    },
    usageMark: async () => (await newest())?.id ?? 0,
    async usageAfter(mark) {
      // Each row is committed right after its answer: wait for it.
      let row = await newest();
      while (!row || row.id <= mark) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        row = await newest();
      }
      const account = row.accountId === ids.first ? 'first' : row.accountId === ids.second ? 'second' : null;
      return { account, provider: row.provider, targetsTried: row.targetsTried, status: row.status, outcome: row.outcome };
    },
    renewAccounts: parts.renew,
    async close() {
      redirectTarget.close();
      await stack.close();
    },
  };
  await rig.renewAccounts();
  return rig;
}

/** Where the stand-in's redirects point: it counts whatever reaches it. */
async function startRedirectTarget(): Promise<{ url: string; readonly hits: number; close(): void }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get hits() {
      return hits;
    },
    close: () => server.close(),
  };
}
