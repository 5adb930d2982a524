import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, TEST_API_KEY, type Stack } from './harness.js';

const headers = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };

const REQUESTS: { name: string; method: string; path: string; body?: object }[] = [
  { name: 'messages', method: 'POST', path: '/v1/messages', body: { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] } },
  { name: 'chat completions', method: 'POST', path: '/v1/chat/completions', body: { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] } },
  { name: 'responses', method: 'POST', path: '/v1/responses', body: { model: 'claude-sonnet-4-5', input: 'hi' } },
  { name: 'a refused request', method: 'POST', path: '/v1/messages', body: { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] } },
  { name: 'models', method: 'GET', path: '/v1/models' },
  { name: 'an admin route', method: 'GET', path: '/admin/accounts' },
  { name: 'a path no route serves', method: 'GET', path: '/v1/nothing-here' },
];

/**
 * A request's answer, refusals included, comes in the turn of the event loop its route ran in. The `router` package
 * hands an error a route raised inside a nested Router to the rest of the app with setImmediate: a refused request
 * waited a turn (a round of every other socket's I/O under load) for its error answer. Every route is the app's own.
 */
describe('the way to a route', () => {
  let stack: Stack;
  const deferredByRouter: string[] = [];
  const setImmediateBefore = globalThis.setImmediate;
  beforeAll(async () => {
    stack = await startStack();
    globalThis.setImmediate = ((...args: Parameters<typeof setImmediate>) => {
      const caller = (new Error().stack ?? '').split('\n')[2] ?? '';
      if (/node_modules[\\/]router[\\/]/.test(caller)) deferredByRouter.push(caller.trim());
      return setImmediateBefore(...args);
    }) as typeof setImmediate;
  });
  afterEach(() => {
    deferredByRouter.length = 0;
  });
  afterAll(async () => {
    globalThis.setImmediate = setImmediateBefore;
    await stack.close();
  });

  it.each(REQUESTS)('is answered without a turn of the event loop in between: $name', async ({ method, path, body }) => {
    const response = await fetch(`${stack.url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    await response.text();
    expect(response.status).toBeLessThan(500);
    expect(deferredByRouter).toEqual([]);
  });
});
