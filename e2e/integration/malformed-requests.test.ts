import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';
import { parseAnswer, sendRaw } from './raw-http.js';

/** OpenAI's error body, which every answer of Node's HTTP layer uses (the path of a malformed request is unknown). */
const openAIError = (code: string, message: RegExp) => ({ error: { message: expect.stringMatching(message), type: 'invalid_request_error', param: null, code } });

/**
 * Requests Node's HTTP parser refuses never reach Express: without a `clientError` handler Node answers them with
 * a bare 400/431 and no body. Each is sent on a raw socket, as a hostile client would (proxy/http/client-error.ts).
 */
describe('requests the HTTP parser refuses', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const refused = async (request: string) => {
    const exchange = await sendRaw(stack.url, [request]);
    expect(exchange.closedByServer).toBe(true);
    const answer = parseAnswer(exchange.text);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['x-request-id']).toMatch(/^req_sb_[\w-]{16}$/);
    expect(answer.headers.connection).toBe('close');
    return { status: answer.status, body: JSON.parse(answer.body) as unknown };
  };

  it.each([
    ['a NUL in a header', 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Note: a\0b\r\n\r\n', /^malformed HTTP request: Invalid header value char$/],
    ['a NUL in a header name', 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-\0Note: a\r\n\r\n', /^malformed HTTP request: Invalid header token$/],
    ['Transfer-Encoding with Content-Length', 'POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n', /^malformed HTTP request: Content-Length can't be present with Transfer-Encoding$/],
    ['two Content-Lengths', 'POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd', /^malformed HTTP request: Duplicate Content-Length$/],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', /^malformed HTTP request: /],
  ])('answers %s with a JSON 400', async (_case, request, message) => {
    expect(await refused(request)).toEqual({ status: 400, body: openAIError('malformed_request', message) });
  });

  it.each([17, 70])('answers %i KB of headers with a JSON 431', async (kilobytes) => {
    const request = `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(kilobytes * 1024)}\r\n\r\n`;
    expect(await refused(request)).toEqual({ status: 431, body: openAIError('headers_too_large', /^the request's headers are larger than 16 KB$/) });
  });

  it('answers a CONNECT with a JSON 405: it is not a proxy', async () => {
    expect(await refused('CONNECT api.anthropic.com:443 HTTP/1.1\r\nHost: api.anthropic.com:443\r\n\r\n')).toEqual({
      status: 405,
      body: openAIError('method_not_allowed', /^CONNECT is not served/),
    });
  });

  it('answers a request without a Host header in the shape of its endpoint', async () => {
    const messages = parseAnswer((await sendRaw(stack.url, [`POST /v1/messages HTTP/1.1\r\nx-api-key: ${TEST_API_KEY}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`])).text);
    expect(messages.status).toBe(400);
    expect(JSON.parse(messages.body)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'the request has no Host header' }, request_id: expect.stringMatching(/^req_sb_/) });
    const models = parseAnswer((await sendRaw(stack.url, ['GET /v1/models HTTP/1.0\r\n\r\n'])).text);
    expect(models.status).toBe(400);
    expect(JSON.parse(models.body)).toEqual({ error: { message: 'the request has no Host header', type: 'invalid_request_error', param: null, code: null } });
  });

  it('answers a malformed body in the shape of its endpoint (its request was already on its way)', async () => {
    const head = `POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nx-api-key: ${TEST_API_KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const exchange = await sendRaw(stack.url, [head, '5\r\n{"mod\r\nzz\r\n']);
    expect(exchange.closedByServer).toBe(true);
    const answer = parseAnswer(exchange.text);
    expect(answer.status).toBe(400);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'malformed HTTP request: Invalid character in chunk size' },
      request_id: answer.headers['x-request-id'],
    });
  });

  it('answers a malformed request pipelined behind one still being answered only after that answer, whole', async () => {
    stack.api.failNext({ delayMs: 300 });
    const body = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'say exactly first' }] });
    const first = `POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nx-api-key: ${TEST_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const exchange = await sendRaw(stack.url, [`${first}GET /health HTTP/1.1\r\nHost: localhost\r\nX-Note: a\0b\r\n\r\n`]);
    expect(exchange.closedByServer).toBe(true);
    const [answered, refused] = exchange.text.split(/(?=HTTP\/1\.1 )/).map(parseAnswer);
    expect(answered!.status).toBe(200);
    expect(JSON.parse(answered!.body)).toMatchObject({ content: [{ type: 'text', text: 'first' }] });
    expect(refused!.status).toBe(400);
    expect(JSON.parse(refused!.body)).toEqual(openAIError('malformed_request', /^malformed HTTP request: Invalid header value char$/));
  });

  it('answers a malformed request after a good one on the same connection, and keeps serving', async () => {
    const exchange = await sendRaw(stack.url, ['GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n', 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Note: a\0b\r\n\r\n'], { gapMs: 200 });
    expect(exchange.closedByServer).toBe(true);
    const [first, second] = exchange.text.split(/(?=HTTP\/1\.1 )/).map(parseAnswer);
    expect(first!.status).toBe(200);
    expect(second!.status).toBe(400);
    expect(JSON.parse(second!.body)).toEqual(openAIError('malformed_request', /^malformed HTTP request: Invalid header value char$/));
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
  });
});

/**
 * A request must arrive whole within timeouts.headers / timeouts.request (small here): a client that trickles its
 * headers or its body, with a key or without, or sends nothing at all, loses its connection; the answer the
 * request was waiting for is a 408 in its endpoint's shape. A request that arrives in time is served however long
 * its answer takes.
 */
describe('request timeouts', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { timeouts: { headers: '400ms', request: '1200ms' } } });
  });
  afterAll(() => stack.close());

  const trickle = (text: string) => [...text];

  it('closes a connection that trickles its headers, with a JSON 408', async () => {
    const exchange = await sendRaw(stack.url, trickle(`GET /v1/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TEST_API_KEY}\r\n\r\n`), { gapMs: 50 });
    expect(exchange.closedByServer).toBe(true);
    const answer = parseAnswer(exchange.text);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual(openAIError('request_timeout', /^the request did not arrive in time: its headers must arrive within 0\.4s and the whole request within 1\.2s/));
  });

  it('closes a connection that trickles its body, answering the waiting request in its own shape', async () => {
    const head = `POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nx-api-key: ${TEST_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n`;
    const exchange = await sendRaw(stack.url, [head, ...trickle('{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}')], { gapMs: 50 });
    expect(exchange.closedByServer).toBe(true);
    const answer = parseAnswer(exchange.text);
    expect(answer.status).toBe(408);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/^the request did not arrive in time/) }, request_id: answer.headers['x-request-id'] });
  });

  it('closes a connection that trickles a body without a key, after refusing the key', async () => {
    const head = 'POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n';
    const exchange = await sendRaw(stack.url, [head, ...trickle('x'.repeat(200))], { gapMs: 50 });
    expect(exchange.closedByServer).toBe(true);
    expect(parseAnswer(exchange.text).status).toBe(401);
  });

  it('closes a connection that never sends a byte, without an answer', async () => {
    const exchange = await sendRaw(stack.url, []);
    expect(exchange).toEqual({ text: '', closedByServer: true });
  });

  it('serves a body that arrives more slowly than the headers timeout but within the request timeout', async () => {
    const body = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'say exactly slow but whole' }] });
    const head = `POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nx-api-key: ${TEST_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    // Four parts 200 ms apart: 600 ms for the body, past the 400 ms for headers, well within the 1200 ms for the request.
    const quarter = Math.ceil(body.length / 4);
    const parts = [head, body.slice(0, quarter), body.slice(quarter, 2 * quarter), body.slice(2 * quarter, 3 * quarter), body.slice(3 * quarter)];
    const exchange = await sendRaw(stack.url, parts, { gapMs: 200 });
    const answer = parseAnswer(exchange.text);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ content: [{ type: 'text', text: 'slow but whole' }] });
  });
});
