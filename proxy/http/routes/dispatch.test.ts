import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountPool, type ProviderCredentials } from '../../accounts/account-pool.js';
import { NoUsableAccountError } from '../../accounts/account-errors.js';
import { TokenStore } from '../../accounts/token-store.js';
import { validateConfig } from '../../config/load.js';
import { createAnthropicProvider } from '../../providers/anthropic/provider.js';
import type { PassthroughRequest } from '../../protocols/protocol.js';
import type { Target } from '../../providers/provider.js';
import { loadedOnFirstUse } from '../../upstream/loaded-on-first-use.js';
import { ApiError } from '../api-error.js';
import { callUpstream, sendAlongChain, sendWithFailover, type FailoverContext } from './dispatch.js';

const EMAILS = ['one@example.com', 'two@example.com'];

/** Two accounts with tokens valid for a day, and a Claude provider whose network is `fetchImpl`. */
async function poolWith(home: string, fetchImpl: typeof fetch): Promise<{ pool: AccountPool; provider: Target }> {
  const config = validateConfig({ 'auth-dir': join(home, 'auth'), 'data-dir': join(home, 'data'), providers: { anthropic: { strategy: 'fill-first' } } }, join(home, 'config.yaml'));
  const provider = createAnthropicProvider(config.providers.anthropic, { fetch: fetchImpl, refreshTimeoutMs: 1000 });
  const store = new TokenStore(config['auth-dir']);
  const expires = new Date(Date.now() + 24 * 3600_000).toISOString();
  for (const email of EMAILS) await store.upsert({ provider: 'anthropic', access_token: `token-${email}`, refresh_token: `refresh-${email}`, expires_at: expires, email }, email);
  const pool = new AccountPool(store, new Map([[provider.id, provider]]), { strategyOf: () => 'fill-first' });
  await pool.load();
  return { pool, provider };
}

/** A passthrough request served the way the /v1/messages route serves it: failover around one bounded call per account. */
function serve(context: FailoverContext, provider: Target, body: Record<string, unknown>) {
  const request: PassthroughRequest = { endpoint: 'messages', search: '', headers: {}, body, rawBody: Buffer.from('{}'), upstreamModel: 'claude-sonnet-4-6', signal: new AbortController().signal };
  return sendWithFailover(context, provider, null, (credentials) =>
    callUpstream(provider.displayName, 5_000, new AbortController().signal, async (signal) => {
      const answer = await provider.protocol.passthrough({ ...request, signal }, credentials);
      return { status: answer.status, headers: answer.headers, errorText: null, discard: async () => {} };
    }),
  );
}

describe('sendWithFailover with callUpstream', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sb-dispatch-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("answers a request that cannot be built with the client's 400, and touches no account", async () => {
    let fetched = 0;
    const { pool, provider } = await poolWith(home, async () => {
      fetched += 1;
      return new Response('{}');
    });
    const body: Record<string, unknown> = { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
    body.loop = body; // JSON.stringify throws while the provider builds the upstream body

    const error = await serve({ pool, failoverMs: 60_000 }, provider, body).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, kind: 'invalid_request', message: expect.stringMatching(/^this request could not be sent to Claude: Converting circular structure to JSON/) });
    expect(fetched).toBe(0);
    for (const account of pool.all()) {
      expect(pool.runtimes.isCooling(account.id)).toBe(false);
      expect(pool.runtimes.get(account.id)).toMatchObject({ errors: 0, lastError: null });
    }
  });

  it("relays the upstream's refusal of the request itself to the client, and touches no account", async () => {
    let fetched = 0;
    const { pool, provider } = await poolWith(home, async () => {
      fetched += 1;
      const refusal = { type: 'error', error: { type: 'invalid_request_error', message: 'messages.0.content: Field required' } };
      return new Response(JSON.stringify(refusal), { status: 400, headers: { 'content-type': 'application/json' } });
    });

    const { answer } = await serve({ pool, failoverMs: 60_000 }, provider, { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user' }] });

    expect(answer.status).toBe(400);
    expect(fetched).toBe(1); // every account would refuse it alike: no failover
    for (const account of pool.all()) {
      expect(pool.runtimes.isCooling(account.id)).toBe(false);
      // Failures in a row lengthen the account's next cooldown: a client's bad requests must not add to them.
      expect(pool.runtimes.get(account.id)).toMatchObject({ errors: 0, lastError: null, consecutiveFailures: 0 });
    }
  });

  it('counts a network failure against each account it meets, and answers 502 when none is left', async () => {
    const { pool, provider } = await poolWith(home, () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })));

    const error = await serve({ pool, failoverMs: 60_000 }, provider, { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [] }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 502, message: 'could not reach Claude: fetch failed (connect ECONNREFUSED 127.0.0.1:9)' });
    for (const account of pool.all()) {
      expect(pool.runtimes.isCooling(account.id)).toBe(true);
      expect(pool.runtimes.get(account.id)).toMatchObject({ errors: 1, cooldownClass: 'network' });
    }
  });

  it("answers a transport Switchboard could not load with a 500 in words, and touches no account", async () => {
    const { pool, provider } = await poolWith(home, () => Promise.reject(new Error('never reached')));
    const stack = loadedOnFirstUse('the test transport', () => Promise.reject(new Error("Cannot find package '@connectrpc/connect-node'")));

    const error = await sendWithFailover({ pool, failoverMs: 60_000 }, provider, null, () =>
      callUpstream(provider.displayName, 5_000, new AbortController().signal, async () => {
        await stack();
        return { status: 200, headers: new Headers(), errorText: null, discard: async () => {} };
      }),
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, kind: 'api_error', message: "Switchboard could not load the test transport: Cannot find package '@connectrpc/connect-node'" });
    for (const account of pool.all()) expect(pool.runtimes.isCooling(account.id)).toBe(false);
  });

  it('serves a key pinned to an account from that account alone, and never fails over to another', async () => {
    const used: string[] = [];
    const { pool, provider } = await poolWith(home, async (_url, init) => {
      used.push(new Headers(init?.headers).get('authorization') ?? '');
      return new Response('{"type":"error","error":{"type":"rate_limit_error","message":"limited"}}', { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '30' } });
    });
    const pinned = pool.all().find((account) => account.data.email === EMAILS[1])!;

    const { answer, credentials } = await sendWithFailover({ pool, failoverMs: 60_000 }, provider, null, async (credentials) => {
      const upstream = await provider.protocol.passthrough(
        { endpoint: 'messages', search: '', headers: {}, body: {}, rawBody: Buffer.from('{}'), upstreamModel: 'claude-sonnet-4-6', signal: new AbortController().signal },
        credentials,
      );
      return { status: upstream.status, headers: upstream.headers, errorText: await new Response(upstream.body).text(), discard: async () => {} };
    }, pinned.id);

    expect(answer.status).toBe(429);
    expect(credentials.account.id).toBe(pinned.id);
    expect(used).toEqual([`Bearer token-${EMAILS[1]}`]);
  });
});

describe('sendAlongChain', () => {
  /** A target whose protocol classifies like Claude's (429 rate limit, 529 overloaded, 400 the request's fault). */
  function target(id: string): Target {
    const claude = createAnthropicProvider(validateConfig({}, '/nowhere/config.yaml').providers.anthropic, { fetch, refreshTimeoutMs: 1000 });
    return { ...claude, id } as Target;
  }
  const first = target('first');
  const second = target('second');
  const chain = [
    { target: first, upstreamModel: 'claude-sonnet-4-6' },
    { target: second, upstreamModel: 'claude-sonnet-4-6' },
  ];

  /** A pool with one account per target; `cooling` targets have none that can serve. */
  function context(cooling: string[] = []): FailoverContext {
    const pool = {
      acquire: async (targetId: string, options: { exclude?: Set<string> }) => {
        if (cooling.includes(targetId) || options.exclude?.has(`${targetId}-account`)) throw new NoUsableAccountError(targetId, `every ${targetId} account is cooling down`, null, Date.now() + 60_000);
        return { account: { id: `${targetId}-account` } } as unknown as ProviderCredentials;
      },
      served: () => {},
      failed: () => {},
    };
    return { pool: pool as unknown as AccountPool, failoverMs: 60_000 };
  }

  function answer(status: number, errorType = 'rate_limit_error') {
    const errorText = status >= 400 ? JSON.stringify({ type: 'error', error: { type: errorType, message: 'no' } }) : null;
    return { status, headers: new Headers({ 'content-type': 'application/json' }), errorText, discard: async () => {} };
  }

  async function serveAlong(cooling: string[], answers: Record<string, ReturnType<typeof answer> | ApiError>) {
    const tried: string[] = [];
    const served = await sendAlongChain(
      context(cooling),
      chain,
      null,
      async (route) => {
        const next = answers[route.target.id]!;
        if (next instanceof ApiError) throw next;
        return next;
      },
      (route) => tried.push(route.target.id),
    ).catch((error: unknown) => error);
    return { served, tried };
  }

  it('moves to the next target when every account of the current one is cooling down', async () => {
    const { served, tried } = await serveAlong(['first'], { second: answer(200) });
    expect(tried).toEqual(['first', 'second']);
    expect(served).toMatchObject({ route: { target: { id: 'second' } }, answer: { status: 200 } });
  });

  it('moves on after a rate limit, an overload or an unreachable upstream before the first byte', async () => {
    for (const failure of [answer(429), answer(529, 'overloaded_error'), new ApiError(502, 'api_error', 'could not reach')]) {
      const { served, tried } = await serveAlong([], { first: failure, second: answer(200) });
      expect(tried).toEqual(['first', 'second']);
      expect(served).toMatchObject({ route: { target: { id: 'second' } } });
    }
  });

  it("keeps the request's own fault and a client that left: the chain ends there", async () => {
    const refused = await serveAlong([], { first: answer(400, 'invalid_request_error'), second: answer(200) });
    expect(refused.tried).toEqual(['first']);
    expect(refused.served).toMatchObject({ answer: { status: 400 } });
    const gone = await serveAlong([], { first: new ApiError(499, 'api_error', 'the client closed the connection'), second: answer(200) });
    expect(gone.tried).toEqual(['first']);
    expect(gone.served).toMatchObject({ status: 499 });
  });

  it("answers the last target's failure as it was when no target can serve", async () => {
    const { served, tried } = await serveAlong(['first', 'second'], {});
    expect(tried).toEqual(['first', 'second']);
    expect(served).toMatchObject({ status: 429, kind: 'rate_limit', message: 'every second account is cooling down' });
  });
});
