import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../proxy/log.js';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

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
