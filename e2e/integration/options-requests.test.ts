import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

/**
 * OPTIONS that is not a CORS preflight is a method no endpoint serves: a 404 in the endpoint's own shape, like
 * any other, not Express's automatic 200 text/plain listing the path's methods. (Found by the fuzzer.)
 */
describe('OPTIONS requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const options = (path: string, headers: Record<string, string> = { authorization: `Bearer ${TEST_API_KEY}` }) => fetch(`${stack.url}${path}`, { method: 'OPTIONS', headers });

  it('answers the admin API and the OpenAI paths with a 404 in the OpenAI shape', async () => {
    for (const path of ['/admin/prices', '/v1/chat/completions', '/health']) {
      const response = await options(path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toEqual({ error: { message: `no such endpoint: OPTIONS ${path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
    }
  });

  it('answers the Messages paths with a 404 in the Anthropic shape', async () => {
    const response = await options('/v1/messages');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: 'no such endpoint: OPTIONS /v1/messages' } });
  });

  it('still answers a local page’s CORS preflight', async () => {
    const preflight = await options('/v1/messages', { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});
