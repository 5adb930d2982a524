import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

/** One request of each client format the proxy serves, with the error shape its clients parse. */
const ENDPOINTS = [
  { path: '/v1/messages', shape: 'anthropic', body: { model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'compressed hello' }] } },
  { path: '/v1/chat/completions', shape: 'openai', body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'compressed hello' }] } },
  { path: '/v1/responses', shape: 'openai', body: { model: 'claude-sonnet-4-6', input: 'compressed hello' } },
] as const;

const ENCODINGS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;

/** The error body each shape's clients parse, with the type of a refused request. */
function expectRefusal(shape: 'anthropic' | 'openai', body: unknown, message: RegExp): void {
  if (shape === 'anthropic') expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(message) } });
  else expect(body).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringMatching(message) } });
}

/**
 * Request bodies with a Content-Encoding (RFC 9110 §8.4): gzip, deflate and br are read (body-parser inflates them),
 * and what goes upstream is the inflated JSON without the client's Content-Encoding; a body that does not decode
 * as its header says, or a coding Switchboard cannot read, is the client's error in its own format.
 */
describe('request bodies with a Content-Encoding', () => {
  let stack: Stack;
  beforeAll(async () => {
    // No request profile: the passthrough then forwards the client's bytes unedited, which the test compares.
    stack = await startStack({ config: { providers: { anthropic: { 'request-profile': { mode: 'never' } } } } });
  });
  afterAll(() => stack.close());

  const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
    fetch(`${stack.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', ...headers }, body });
  const modelRequests = () => stack.api.requests.filter((request) => request.path.startsWith('/v1/messages'));

  for (const endpoint of ENDPOINTS) {
    for (const [encoding, compress] of Object.entries(ENCODINGS)) {
      it(`serves a ${encoding} body on ${endpoint.path} and sends it upstream inflated, without the encoding`, async () => {
        const json = JSON.stringify(endpoint.body);
        const before = modelRequests().length;
        const response = await post(endpoint.path, compress(json), { 'content-encoding': encoding });
        expect(response.status, await response.clone().text()).toBe(200);
        const upstream = modelRequests().slice(before);
        expect(upstream).toHaveLength(1);
        expect(upstream[0]?.headers['content-encoding']).toBeUndefined();
        expect(JSON.stringify(upstream[0]?.body)).toContain('compressed hello');
        // The passthrough forwards the client's own bytes: the inflated ones.
        if (endpoint.path === '/v1/messages') expect(upstream[0]?.rawBody).toBe(json);
      });

      it(`answers a plain body labelled ${encoding} on ${endpoint.path} with a 400 in the ${endpoint.shape} shape`, async () => {
        const before = modelRequests().length;
        const response = await post(endpoint.path, JSON.stringify(endpoint.body), { 'content-encoding': encoding });
        expect(response.status).toBe(400);
        expectRefusal(endpoint.shape, await response.json(), /does not decode as its Content-Encoding/);
        expect(modelRequests()).toHaveLength(before);
      });
    }

    it(`answers a coding it cannot read on ${endpoint.path} with a 415 in the ${endpoint.shape} shape`, async () => {
      const response = await post(endpoint.path, JSON.stringify(endpoint.body), { 'content-encoding': 'compress' });
      expect(response.status).toBe(415);
      expectRefusal(endpoint.shape, await response.json(), /unsupported content encoding "compress"/);
    });

    it(`answers a body that is not UTF-8 on ${endpoint.path} with a 415 in the ${endpoint.shape} shape`, async () => {
      const utf16 = Buffer.from(`\ufeff${JSON.stringify(endpoint.body)}`, 'utf16le');
      const response = await post(endpoint.path, utf16, { 'content-type': 'application/json; charset=utf-16le' });
      expect(response.status).toBe(415);
      expectRefusal(endpoint.shape, await response.json(), /must be UTF-8 JSON/);
    });
  }

  it('answers an admin body that does not decode with a 400 in the OpenAI shape', async () => {
    const response = await post('/admin/keys', JSON.stringify({ label: 'x' }), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(400);
    expectRefusal('openai', await response.json(), /does not decode as its Content-Encoding/);
  });
});
