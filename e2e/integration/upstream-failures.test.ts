import Anthropic from '@anthropic-ai/sdk';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_EMAIL, startStack, TEST_API_KEY, type Stack } from './harness.js';

const ask = (client: Anthropic, content = 'Hello') => client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content }] });

describe('upstream failures', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  async function setUp(options: Parameters<typeof startStack>[0] = {}) {
    stack = await startStack(options);
    return { stack, client: new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 }) };
  }

  it('refreshes an access token that is about to expire before using it, and persists the rotated refresh token first', async () => {
    // Its first use is start-up reading the model list; the request then uses the refreshed token.
    const { stack, client } = await setUp({ accessTokenTtlSeconds: 60 });
    const before = stack.firstAccount;
    await ask(client);
    const [after] = await stack.store.accountsOf('anthropic');
    expect(stack.oauth.refreshes).toBe(1);
    expect(after!.data.refresh_token).not.toBe(before!.data.refresh_token);
    expect(stack.api.requests.at(-1)!.headers.authorization).toBe(`Bearer ${after!.data.access_token}`);
    expect(JSON.parse(await readFile(after!.path, 'utf8')).access_token).toBe(after!.data.access_token);
  });

  it('answers a 401 with one refresh and one retry', async () => {
    const { stack, client } = await setUp();
    stack.tokens.expireAccessTokens();
    const message = await ask(client, 'after expiry');
    expect(message.content[0]).toEqual({ type: 'text', text: 'Stand-in reply to: after expiry' });
    expect(stack.oauth.refreshes).toBe(1);
    expect(stack.api.requests.filter((request) => request.path === '/v1/messages').length).toBe(2);
  });

  it('refreshes exactly once for 50 simultaneous requests that meet the same expired token', async () => {
    const { stack, client } = await setUp();
    stack.tokens.expireAccessTokens();
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => ask(client, `parallel ${index}`)));
    expect(results).toHaveLength(50);
    expect(stack.oauth.refreshes).toBe(1);
  });

  it('reports a revoked login in plain words and marks the account', async () => {
    const { stack, client } = await setUp();
    stack.tokens.expireAccessTokens();
    stack.tokens.revokeRefreshTokens();
    const error = await ask(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
    // The test key is the owner's: it is told which account, and the command that fixes it.
    expect((error as Error).message).toMatch(/needs a new login.*switchboard login anthropic/);
    const [account] = await stack.store.accountsOf('anthropic');
    expect(account!.data.needs_login).toMatch(/switchboard login anthropic/);
    // Once marked, the account is no longer offered and /v1/models no longer lists its models.
    expect((await client.models.list()).data).toEqual([]);
  });

  it('passes a 429 through with its Retry-After and rate-limit headers', async () => {
    const { stack } = await setUp();
    stack.api.failNext({ status: 429, retryAfterSeconds: 120 });
    const response = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('rejected');
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('passes 529 overloaded through in Anthropic form', async () => {
    const { stack, client } = await setUp();
    stack.api.failNext({ status: 529 });
    const error = (await ask(client).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(529);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('delivers an error event that arrives mid-stream', async () => {
    const { stack, client } = await setUp();
    stack.api.failNext({ midStreamErrorAfterDeltas: 1 });
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'a long answer please' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
  });

  it('cancels the upstream request when the client goes away', async () => {
    const { stack } = await setUp();
    stack.api.failNext({ delayMs: 5_000 });
    const controller = new AbortController();
    const request = fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'slow' }] }),
    });
    setTimeout(() => controller.abort(), 200);
    await expect(request).rejects.toThrow();
    await stack.api.waitForAbortedRequests(1);
    expect(stack.api.abortedRequests).toBe(1);
  });

  it('gives up on an upstream that does not answer within timeouts.first-byte', async () => {
    const { stack, client } = await setUp({ config: { timeouts: { 'first-byte': '300ms' } } });
    stack.api.failNext({ delayMs: 3_000 });
    const error = (await ask(client).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(504);
    expect(error.message).toMatch(/did not answer within/);
  });

  it('says how to log in when there is no account', async () => {
    const { client } = await setUp({ withAccount: false });
    const error = (await ask(client).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/no Claude account is logged in \(the Switchboard's owner can log one in\) — run `switchboard login anthropic`/);
    // Nothing changes until the owner logs in: clients are told not to retry (Claude Code would for minutes).
    expect(error.headers?.get('x-should-retry')).toBe('false');
    expect((await client.models.list()).data).toEqual([]);
  });

  it('lets a request in flight finish during a graceful shutdown', async () => {
    const { stack, client } = await setUp();
    stack.api.failNext({ delayMs: 400 });
    const pending = ask(client, 'finish me');
    // Stop only once the request is in flight (reached the upstream): before that its connection is idle, and closed.
    await expect.poll(() => stack.api.requests.some((request) => JSON.stringify(request.body ?? '').includes('finish me'))).toBe(true);
    await stack.switchboard.stop();
    expect((await pending).content[0]).toEqual({ type: 'text', text: 'Stand-in reply to: finish me' });
    expect(stack.switchboard.status().state).toBe('stopped');
  });

  it('turns an upstream error page that is not JSON into an error the client can read', async () => {
    const htmlUpstream = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>'));
    await new Promise<void>((resolve) => htmlUpstream.listen(0, '127.0.0.1', resolve));
    const { port } = htmlUpstream.address() as AddressInfo;
    try {
      const { client } = await setUp({ config: { providers: { anthropic: { 'base-url': `http://127.0.0.1:${port}` } } } });
      const error = (await ask(client).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
      expect(error.status).toBe(502);
      expect(error.error).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringMatching(/HTTP 502 with a non-JSON body: <html><body>Bad gateway/) } });
    } finally {
      htmlUpstream.close();
    }
  });

  it("keeps the client's 4xx when such a page says the request itself was too much (headers too large for the upstream)", async () => {
    const htmlUpstream = createServer((_req, res) => res.writeHead(431, { 'content-type': 'text/html' }).end('<html><body>Request Header Fields Too Large</body></html>'));
    await new Promise<void>((resolve) => htmlUpstream.listen(0, '127.0.0.1', resolve));
    const { port } = htmlUpstream.address() as AddressInfo;
    try {
      const { client } = await setUp({ config: { providers: { anthropic: { 'base-url': `http://127.0.0.1:${port}` } } } });
      const error = (await ask(client).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
      expect(error.status).toBe(431);
      expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/HTTP 431 with a non-JSON body: <html><body>Request Header Fields Too Large/) } });
    } finally {
      htmlUpstream.close();
    }
  });

  it('answers an error body over 64 KiB in words (proxy/upstream/network-failure.test.ts: it is never read whole)', async () => {
    const { stack, client } = await setUp();
    const huge = 'x'.repeat(20 * 1024 * 1024);
    stack.api.failNext({ status: 400, message: huge }, { status: 400, message: huge });
    const error = (await ask(client).catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.APIError>;
    // A 400 is the request's own fault: the client keeps it (retrying would not help), with the start of the body.
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/^Claude answered HTTP 400 with an error body over 64 KiB: \{"type":"error"/) } });
    expect((error.error as { error: { message: string } }).error.message.length).toBeLessThan(300);
    // The translated route reads it the same way: Anthropic's own words are lost with the cut, the status is not.
    const translated = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(translated.status).toBe(400);
    expect(await translated.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'Anthropic: Anthropic refused the request itself (HTTP 400)' } });
  });

  it('uses the account e-mail the store was given', async () => {
    const { stack } = await setUp();
    expect((await stack.store.accountsOf('anthropic'))[0]!.data.email).toBe(ACCOUNT_EMAIL);
  });
});
