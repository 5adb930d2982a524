import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnswerBreak } from '../../stand-ins/scripted-faults.js';
import { addAccount, adminCall, startStack, TEST_API_KEY, type Stack } from '../harness.js';
import type { ClientFormat } from './client-formats.js';

/** A fault of an upstream or the way to it, whichever provider it is: each rig scripts it at its own stand-ins. */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number | null }
  | { kind: 'error-in-stream'; afterContent: boolean }
  | { kind: 'connection-refused' }
  | { kind: 'break'; how: AnswerBreak }
  | { kind: 'redirect' }
  | { kind: 'token-endpoint-down' }
  | { kind: 'refresh-token-revoked' };

/** What an account looks like through the admin API. */
export interface AccountState {
  status: 'ready' | 'cooling' | 'needs_login' | 'disabled';
  requests: number;
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
  /** Scripts the fault for the next request; the answer undoes what outlives that request (a port left closed). */
  inject(fault: Fault): Promise<() => Promise<void>>;
  /** Requests that reached where a redirect pointed (there must be none). */
  readonly redirectTargetHits: number;
  accounts(): Promise<{ first: AccountState; second: AccountState }>;
  /** Both accounts freshly logged in: no cooldown, no needs-login, working tokens. */
  renewAccounts(): Promise<void>;
  close(): Promise<void>;
}

export interface ProviderEntry {
  name: string;
  /** Whether the provider is asked for a stream when this client format calls (an error can only be inside a stream). */
  upstreamStreams(format: ClientFormat): boolean;
  start(): Promise<ProviderRig>;
}

const FIRST = 'first@example.com';
const SECOND = 'second@example.com';

/** Claude: the stand-in Anthropic API and OAuth server. */
export const claudeEntry: ProviderEntry = {
  name: 'Claude',
  // The passthrough asks as the client asked; translated requests always stream from Claude.
  upstreamStreams: (format) => format.stream || format.path !== '/v1/messages',
  async start() {
    const stack = await startStack({
      withAccount: false,
      config: { timeouts: { 'first-byte': '1500ms', idle: '750ms' }, providers: { anthropic: { strategy: 'fill-first' } } },
    });
    const target = await startRedirectTarget();
    const rig: ProviderRig = {
      url: stack.url,
      key: TEST_API_KEY,
      model: 'claude-sonnet-4-6',
      inject: (fault) => injectClaudeFault(stack, fault, target.url),
      get redirectTargetHits() {
        return target.hits;
      },
      async accounts() {
        const { body } = await adminCall<{ accounts: { email: string; status: AccountState['status']; usage: { requests: number } }[] }>(stack, 'GET', '/admin/accounts');
        const state = (email: string): AccountState => {
          const account = body.accounts.find((view) => view.email === email)!;
          return { status: account.status, requests: account.usage.requests };
        };
        return { first: state(FIRST), second: state(SECOND) };
      },
      renewAccounts: () => renewClaudeAccounts(stack),
      async close() {
        target.close();
        await stack.close();
      },
    };
    await rig.renewAccounts();
    return rig;
  },
};

async function renewClaudeAccounts(stack: Stack): Promise<void> {
  for (const [email, priority] of [
    [FIRST, 1],
    [SECOND, 0],
  ] as const) {
    const account = await addAccount(stack.store, stack.tokens, email);
    // A new login (its time) starts the account afresh: no cooldown, no last error, no needs-login.
    await stack.store.save({ id: account.id, data: { ...account.data, priority, needs_login: null, logged_in_at: new Date().toISOString() } });
  }
  await adminCall(stack, 'POST', '/admin/reload');
}

async function injectClaudeFault(stack: Stack, fault: Fault, redirectTarget: string): Promise<() => Promise<void>> {
  const nothing = async () => {};
  switch (fault.kind) {
    case 'status':
      stack.api.failNext({ status: fault.status, ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}) });
      return nothing;
    case 'error-in-stream':
      stack.api.failNext({ midStreamErrorAfterDeltas: fault.afterContent ? 1 : 0 });
      return nothing;
    case 'connection-refused':
      return stack.api.refuseConnections();
    case 'break':
      stack.api.failNext({ breakAnswer: fault.how });
      return nothing;
    case 'redirect':
      stack.api.failNext({ redirectTo: `${redirectTarget}/v1/messages` });
      return nothing;
    case 'token-endpoint-down':
      // The first account's token is refused; refreshing it meets a token endpoint that is down.
      stack.tokens.expireAccessTokens(FIRST);
      stack.oauth.failNextToken(503, { error: 'temporarily_unavailable', error_description: 'Service Unavailable' });
      return nothing;
    case 'refresh-token-revoked':
      stack.tokens.expireAccessTokens(FIRST);
      stack.tokens.revokeRefreshTokens(FIRST);
      return nothing;
  }
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
