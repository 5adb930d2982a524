import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureOwnerKey } from '../../proxy/keys/owner-key.js';
import { configureLogging } from '../../proxy/log.js';
import { databasePath } from '../../proxy/usage/database.js';
import { startOpenAIStandIn } from '../stand-ins/openai-api.js';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';
import { parseAnswer, sendRaw } from './raw-http.js';

const messageBody = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });

describe('security defaults and client errors', () => {
  let stack: Stack;
  let logged = '';

  beforeAll(async () => {
    stack = await startStack({ config: { 'body-limit': '2kb', 'rate-limit': { 'requests-per-minute': 1000 } } });
    // Everything the server logs from here on is captured, to prove no secret reaches the log.
    configureLogging({
      level: 'debug',
      destination: new Writable({
        write(chunk, _encoding, callback) {
          logged += String(chunk);
          callback();
        },
      }),
    });
  });
  afterAll(async () => {
    configureLogging({ level: 'silent' });
    await stack.close();
  });

  const post = (path: string, headers: Record<string, string>, body: string = messageBody) =>
    fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('takes the key from x-api-key or Authorization: Bearer', async () => {
    expect((await post('/v1/messages', { 'x-api-key': TEST_API_KEY })).status).toBe(200);
    expect((await post('/v1/messages', { authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200);
    // Claude Code with both variables set sends both headers; one good key is enough.
    expect((await post('/v1/messages', { 'x-api-key': 'sk-ant-api03-real-anthropic-key', authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200);
  });

  it('refuses a missing or wrong key in the Anthropic shape on /v1/messages and the OpenAI shape elsewhere', async () => {
    const missing = await post('/v1/messages', {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringMatching(/missing API key/) }, request_id: expect.stringMatching(/^req_sb_/) });
    const wrong = await fetch(`${stack.url}/v1/models`, { headers: { authorization: 'Bearer sk-sb-not-a-key-of-ours-0000' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { message: expect.stringMatching(/invalid API key/), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
  });

  it('answers 403 to a request addressed to another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${stack.url}/health`);
      request({ host: url.hostname, port: url.port, path: '/health', headers: { host: `evil.example:${url.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('allows CORS only for localhost origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.url}/v1/models`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const local = await preflight('http://localhost:5173');
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts a request id on every response', async () => {
    for (const response of [await fetch(`${stack.url}/health`), await fetch(`${stack.url}/nope`), await post('/v1/messages', {})]) {
      expect(response.headers.get('x-request-id')).toMatch(/^req_sb_[\w-]+$/);
    }
  });

  it('gives each bad input a clear 4xx', async () => {
    const auth = { 'x-api-key': TEST_API_KEY };
    const cases: [Response, number, RegExp][] = [
      [await post('/v1/messages', auth, '{"model": '), 400, /not valid JSON/],
      [await post('/v1/messages', auth, '[1,2]'), 400, /must be a JSON object/],
      [await post('/v1/messages', auth, JSON.stringify({ model: 5, max_tokens: 1, messages: [] })), 400, /^model: /],
      [await post('/v1/messages', auth, JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 1, messages: [{ role: 'robot', content: 'x' }] })), 400, /^messages\[0\]\.role/],
      [await post('/v1/messages', auth, JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] })), 400, /^max_tokens: Field required/],
      [await post('/v1/messages', auth, JSON.stringify({ model: 'gpt-4o', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })), 404, /model "gpt-4o" is not served/],
      [await post('/v1/messages', auth, JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 1, messages: [{ role: 'user', content: 'x'.repeat(4096) }] })), 413, /larger than the limit of 2kb/],
    ];
    for (const [response, status, message] of cases) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { type: string; error: { message: string } };
      expect(body.type).toBe('error');
      expect(body.error.message).toMatch(message);
    }
    const openAiShape = await fetch(`${stack.url}/v1/unknown`, { method: 'POST', headers: auth, body: '{}' });
    expect(openAiShape.status).toBe(404);
    expect(await openAiShape.json()).toMatchObject({ error: { message: expect.stringMatching(/no such endpoint/) } });
  });

  it('never writes a key or token to the log', async () => {
    await post('/v1/messages', { 'x-api-key': TEST_API_KEY });
    const [account] = await stack.store.accountsOf('anthropic');
    expect(logged).toContain('"path":"/v1/messages"');
    expect(logged).not.toContain(TEST_API_KEY);
    expect(logged).not.toContain(account!.data.access_token);
    expect(logged).not.toContain(account!.data.refresh_token!);
  });
});

describe('per-IP rate limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { 'rate-limit': { 'requests-per-minute': 3 } } });
  });
  afterAll(() => stack.close());

  it('answers 429 with Retry-After once an address exceeds its minute', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${stack.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': TEST_API_KEY }, body: messageBody });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last!.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });
});

/**
 * Which host a request is addressed to, read strictly (security/host-check.ts): every value that is not a
 * host[:port] is a 400, every host that is not loopback a 403, whatever it resembles. Sent on raw sockets: HTTP
 * clients would refuse to send most of these.
 */
describe('the Host a request names', () => {
  let stack: Stack;
  let port: string;
  beforeAll(async () => {
    stack = await startStack();
    port = new URL(stack.url).port;
  });
  afterAll(() => stack.close());

  const statusFor = async (requestLine: string, headers: string[]) => {
    const exchange = await sendRaw(stack.url, [`${requestLine}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`]);
    const answer = parseAnswer(exchange.text);
    return { status: answer.status, body: answer.body };
  };
  const withHost = async (host: string) => (await statusFor('GET /health HTTP/1.1', [`Host: ${host}`])).status;

  it('serves the loopback names in every legitimate form', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LocalHost:${port}`, '127.9.9.9', `[0:0:0:0:0:0:0:1]:${port}`, 'localhost']) {
      expect({ host, status: await withHost(host) }).toEqual({ host, status: 200 });
    }
  });

  it('refuses, as a 400, a Host that is not a host[:port]', async () => {
    for (const host of ['localhost:1@evil.example', `localhost:${port}@evil.example`, '[::1]evil.example', '[::1', 'local host', 'localhost/evil', `127.0.0.1:${port}:${port}`, '']) {
      expect({ host, status: await withHost(host) }).toEqual({ host, status: 400 });
    }
    expect((await statusFor('GET /health HTTP/1.1', ['Host: localhost', 'Host: evil.example'])).status).toBe(400);
  });

  it('refuses, as a 403, every host that is not loopback, however close it looks (DNS rebinding)', async () => {
    for (const host of ['127.0.0.256', '127.1', '0x7f.0.0.1', '2130706433', 'localhost.', 'localhost.evil.example', '127.0.0.1.nip.io', 'evil.example', '[::ffff:127.0.0.1]', '0.0.0.0']) {
      expect({ host, status: await withHost(host) }).toEqual({ host, status: 403 });
    }
  });

  it('checks the host of an absolute-form target instead of the Host header, in the shape of the path it names', async () => {
    expect((await statusFor(`GET http://localhost:${port}/health HTTP/1.1`, ['Host: evil.example'])).status).toBe(200);
    const foreign = await statusFor(`POST http://evil.example/v1/messages HTTP/1.1`, [`Host: localhost:${port}`, `x-api-key: ${TEST_API_KEY}`, 'Content-Length: 2', '', '{}']);
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ type: 'error', error: { type: 'permission_error', message: expect.stringMatching(/^Host "evil\.example" is not allowed/) } });
    expect((await statusFor(`GET http://localhost:1@evil.example/health HTTP/1.1`, [`Host: localhost:${port}`])).status).toBe(400);
    expect((await statusFor(`GET ftp://localhost/health HTTP/1.1`, [`Host: localhost:${port}`])).status).toBe(400);
  });

  it('refuses pages on any origin but localhost', async () => {
    for (const origin of ['http://localhost.evil.example', 'http://127.0.0.1.nip.io:8317', 'https://evil.example', 'null', 'http://localhost:1@evil.example']) {
      const response = await fetch(`${stack.url}/health`, { headers: { origin } });
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 });
    }
  });
});

/** Every admin route (proxy/http/routes/admin*.ts) refuses a managed client key, and a request without a key. */
describe('the admin API and client keys', () => {
  let stack: Stack;
  let clientKey: string;
  beforeAll(async () => {
    stack = await startStack();
    clientKey = (await adminCall<{ secret: string }>(stack, 'POST', '/admin/keys', { label: 'a client', role: 'client' })).body.secret;
  });
  afterAll(() => stack.close());

  const ADMIN_ROUTES: [string, string][] = [
    ['GET', '/admin/accounts'],
    ['POST', '/admin/reload'],
    ['PATCH', '/admin/accounts/anthropic-person@example.com'],
    ['POST', '/admin/accounts/anthropic-person@example.com/quota'],
    ['POST', '/admin/accounts/anthropic-person@example.com/cooldown/clear'],
    ['POST', '/admin/accounts/login'],
    ['POST', '/admin/accounts/login/attempt'],
    ['POST', '/admin/accounts/import'],
    ['GET', '/admin/providers'],
    ['DELETE', '/admin/accounts/anthropic-person@example.com'],
    ['GET', '/admin/keys'],
    ['POST', '/admin/keys'],
    ['PATCH', '/admin/keys/key_1'],
    ['DELETE', '/admin/keys/key_1'],
    ['GET', '/admin/clients'],
    ['POST', '/admin/clients/claude-code/configure'],
    ['POST', '/admin/clients/claude-code/restore'],
    ['GET', '/admin/clients/claude-code/doctor'],
    ['POST', '/admin/owner-key/rotate'],
    ['GET', '/admin/prices'],
    ['POST', '/admin/prices/update'],
    ['GET', '/admin/usage'],
    ['GET', '/admin/requests'],
    ['GET', '/admin/usage/export.csv'],
    ['GET', '/admin/no-such-route'],
  ];

  it('answers 403 to a client key on every admin route, and 401 without a key', async () => {
    for (const [method, path] of ADMIN_ROUTES) {
      const withClientKey = await fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect({ method, path, status: withClientKey.status }).toEqual({ method, path, status: 403 });
      expect(await withClientKey.json()).toMatchObject({ error: { type: 'insufficient_permissions' } });
      const withoutKey = await fetch(`${stack.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect({ method, path, status: withoutKey.status }).toEqual({ method, path, status: 401 });
    }
    // The account is untouched by all of that.
    expect((await adminCall<{ accounts: { id: string; status: string }[] }>(stack, 'GET', '/admin/accounts')).body.accounts).toEqual([
      expect.objectContaining({ id: 'anthropic-person@example.com', status: 'ready' }),
    ]);
    expect((await adminCall<{ keys: unknown[] }>(stack, 'GET', '/admin/keys')).body.keys).toHaveLength(1);
  });
});

/**
 * No secret — the owner key, config and managed keys, a wrong key a client sent, the accounts' access and refresh
 * tokens (the first ones and the refreshed ones) — appears in the log, the usage database, or any answer, errors
 * included. The one answer meant to hold a secret (a managed key's creation) is the only place it appears.
 */
describe('secrets', () => {
  let stack: Stack;
  let logged = '';
  const answers: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    configureLogging({
      level: 'debug',
      destination: new Writable({
        write(chunk, _encoding, callback) {
          logged += String(chunk);
          callback();
        },
      }),
    });
  });
  afterAll(async () => {
    configureLogging({ level: 'silent' });
    await stack.close();
  });

  /** A request whose whole answer (status line, headers, body) is kept for the scan. */
  const call = async (method: string, path: string, key: string | null, body?: unknown, extraHeaders: Record<string, string> = {}) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...extraHeaders },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    answers.push(`${response.status} ${JSON.stringify([...response.headers])}\n${text}`);
    return { status: response.status, text };
  };
  const messages = (key: string, stream = false) => call('POST', '/v1/messages', key, { model: 'claude-sonnet-4-6', max_tokens: 16, stream, messages: [{ role: 'user', content: 'hi' }] });
  const chat = (key: string, stream = false) => call('POST', '/v1/chat/completions', key, { model: 'claude-sonnet-4-6', stream, messages: [{ role: 'user', content: 'hi' }] });
  const responses = (key: string, stream = false) => call('POST', '/v1/responses', key, { model: 'claude-sonnet-4-6', stream, input: 'hi' });
  const tokensOf = async () => {
    const [account] = await stack.store.accountsOf('anthropic');
    return [account!.data.access_token, account!.data.refresh_token!];
  };

  it('never reach the log, the database or an answer', async () => {
    const { key: ownerKey } = await ensureOwnerKey(stack.config['data-dir']);
    // The server reads the owner key file at most once a second.
    await expect.poll(async () => (await fetch(`${stack.url}/v1/models`, { headers: { authorization: `Bearer ${ownerKey}` } })).status).toBe(200);
    const created = await call('POST', '/admin/keys', ownerKey, { label: 'admin helper', role: 'admin' });
    const adminKey = (JSON.parse(created.text) as { secret: string }).secret;
    answers.pop(); // the one answer that holds a secret on purpose
    const clientKey = (JSON.parse((await call('POST', '/admin/keys', adminKey, { label: 'a client' })).text) as { secret: string }).secret;
    answers.pop();
    const wrongKey = `${ownerKey.slice(0, -4)}abcd`;
    const secrets = [ownerKey, TEST_API_KEY, adminKey, clientKey, wrongKey, ...(await tokensOf())];

    for (const key of [ownerKey, TEST_API_KEY, adminKey, clientKey]) {
      for (const stream of [false, true]) {
        expect((await messages(key, stream)).status).toBe(200);
        expect((await chat(key, stream)).status).toBe(200);
        expect((await responses(key, stream)).status).toBe(200);
      }
      await call('POST', '/v1/messages/count_tokens', key, { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] });
      await call('GET', '/v1/models', key);
      await call('GET', '/admin/usage/keys', key);
    }
    // Errors of every kind: a wrong key (in both headers), a client key on the admin API, bad bodies, upstream errors.
    expect((await messages(wrongKey)).status).toBe(401);
    expect((await call('GET', '/v1/models', null, undefined, { 'x-api-key': wrongKey })).status).toBe(401);
    expect((await call('GET', '/admin/accounts', clientKey)).status).toBe(403);
    expect((await call('POST', '/v1/messages', clientKey, { model: 'claude-sonnet-4-6' })).status).toBe(400);

    // The upstream refuses the access token: the account refreshes (new tokens, written to its file) and retries.
    stack.tokens.expireAccessTokens();
    expect((await messages(clientKey)).status).toBe(200);
    const refreshed = await tokensOf();
    expect(refreshed[0]).not.toBe(secrets[5]);
    secrets.push(...refreshed);
    stack.api.failNext({ midStreamErrorAfterDeltas: 1 });
    await responses(clientKey, true);
    stack.api.failNext({ status: 500 }, { status: 529 }, { status: 429 });
    await messages(ownerKey);
    await chat(clientKey);
    await responses(adminKey);
    // Then the refresh token is revoked: the account needs a new login, and every caller is told so.
    stack.tokens.revokeRefreshTokens();
    stack.tokens.expireAccessTokens();
    expect((await messages(clientKey)).status).toBeGreaterThanOrEqual(400);
    expect((await chat(ownerKey)).status).toBeGreaterThanOrEqual(400);
    // API keys of key targets (issue #14): added through the admin API, used, one of them refused by its upstream.
    const upstreamKey = 'sk-proj-security-scan-key-0123456789';
    const refusedKey = 'sk-proj-security-refused-key-0123456789';
    const keyUpstream = await startOpenAIStandIn({ apiKeys: [upstreamKey], models: [{ id: 'scan-model', created: 0, owned_by: 'x' }] });
    try {
      expect((await call('POST', '/admin/targets', ownerKey, { provider: 'openai-key', instance: 'scan', base_url: `${keyUpstream.url}/v1`, key: upstreamKey })).status).toBe(201);
      expect((await call('POST', '/admin/targets', ownerKey, { provider: 'compat', instance: 'refused', base_url: `${keyUpstream.url}/v1`, models: 'refused-model', key: refusedKey })).status).toBe(201);
      expect((await call('POST', '/admin/targets', ownerKey, { provider: 'compat', instance: 'no-url', key: refusedKey })).status).toBe(400);
      expect((await call('POST', '/v1/chat/completions', clientKey, { model: 'scan-model', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
      expect((await call('POST', '/v1/responses', clientKey, { model: 'scan-model', input: 'hi', stream: true })).status).toBe(200);
      expect((await call('POST', '/v1/messages', clientKey, { model: 'refused-model', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })).status).toBeGreaterThanOrEqual(400);
      expect(keyUpstream.requests.some((request) => request.headers.authorization === `Bearer ${refusedKey}`)).toBe(true);
    } finally {
      await keyUpstream.close();
    }
    secrets.push(upstreamKey, refusedKey);
    for (const path of ['/admin/accounts', '/admin/requests?limit=500', '/admin/usage', '/admin/usage/export.csv', '/admin/keys', '/admin/clients', '/admin/providers']) await call('GET', path, ownerKey);

    const database = databasePath(stack.config['data-dir']);
    const stored = ['', '-wal', '-shm']
      .map((suffix) => `${database}${suffix}`)
      .filter(existsSync)
      .map((path) => readFileSync(path).toString('latin1'))
      .join('\n');
    expect(logged).toContain('"path":"/v1/messages"');
    expect(stored.length).toBeGreaterThan(0);
    for (const [index, secret] of secrets.entries()) {
      expect({ secret: index, inLog: logged.includes(secret) }).toEqual({ secret: index, inLog: false });
      expect({ secret: index, inDatabase: stored.includes(secret) }).toEqual({ secret: index, inDatabase: false });
      expect({ secret: index, inAnswers: answers.filter((answer) => answer.includes(secret)).length }).toEqual({ secret: index, inAnswers: 0 });
    }
  });
});

/**
 * The upstream is the configured base URL and nothing a client sends can change it: not Host-like headers, not an
 * absolute-form target naming another server, not a header or body field that names a base URL. A trap server
 * stands where such a trick would lead; it must hear nothing.
 */
describe('the upstream a request goes to', () => {
  let stack: Stack;
  let trap: Server;
  let trapUrl: string;
  const trapped: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    trap = createServer((req, res) => {
      trapped.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => trap.close(resolve));
    await stack.close();
  });

  it('is not told by forwarding headers who the client is, and says nothing of them on stderr', async () => {
    const printed = vi.spyOn(console, 'error');
    try {
      const limited = await startStack({ config: { 'rate-limit': { 'requests-per-minute': 2 } } });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) {
          const forwarded = { 'x-forwarded-for': `203.0.113.${i}`, forwarded: `for=203.0.113.${i}` };
          statuses.push((await fetch(`${limited.url}/health`, { headers: forwarded })).status);
        }
        expect(statuses).toEqual([200, 200, 429]); // one address, whatever the headers claim
      } finally {
        await limited.close();
      }
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });

  it('stays the configured one whatever the client sends', async () => {
    const trapHost = new URL(trapUrl).host;
    const tricks: Record<string, string> = {
      'x-forwarded-host': trapHost,
      'x-forwarded-proto': 'http',
      'x-forwarded-for': '127.0.0.1',
      forwarded: `host=${trapHost};proto=http`,
      'x-original-url': `${trapUrl}/v1/messages`,
      'x-rewrite-url': `${trapUrl}/v1/messages`,
      'x-original-host': trapHost,
      'x-host': trapHost,
      'anthropic-base-url': trapUrl,
      'x-anthropic-base-url': trapUrl,
      'anthropic-api-url': trapUrl,
      'x-base-url': trapUrl,
      'x-upstream': trapUrl,
      'openai-base-url': trapUrl,
    };
    const fields = { base_url: trapUrl, baseURL: trapUrl, api_base: trapUrl, metadata: { user_id: 'someone', base_url: trapUrl } };
    const post = (path: string, body: object, headers: Record<string, string> = tricks) =>
      fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const before = stack.api.requests.length;
    await post('/v1/messages', { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], ...fields });
    await post(`/v1/messages?beta=true&base_url=${encodeURIComponent(trapUrl)}`, { model: 'claude-sonnet-4-6', max_tokens: 16, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    await post('/v1/messages/count_tokens', { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] });
    await post('/v1/chat/completions', { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }], ...fields });
    await post('/v1/responses', { model: 'claude-sonnet-4-6', input: 'hi', ...fields });
    await post(`/v1/messages/..%2F..%2F${encodeURIComponent(trapUrl)}`, { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [] });
    // An absolute-form target that names the trap (it is on loopback, so the host check lets it through) is served
    // by Switchboard, which still sends it to its own upstream.
    const body = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'say exactly absolute' }] });
    const absolute = await sendRaw(stack.url, [
      `POST ${trapUrl}/v1/messages HTTP/1.1\r\nHost: ${trapHost}\r\nx-api-key: ${TEST_API_KEY}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    ]);
    expect(parseAnswer(absolute.text)).toMatchObject({ status: 200, body: expect.stringContaining('"text":"absolute"') });

    expect(trapped).toEqual([]);
    const upstream = stack.api.requests.slice(before);
    expect(upstream.length).toBeGreaterThanOrEqual(6);
    for (const request of upstream) {
      expect(request.headers.host).toBe(new URL(stack.api.url).host);
      expect(request.path).toMatch(/^\/v1\/messages(\/count_tokens)?(\?|$)/);
    }
  });
});
