import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

const EMAILS = ['fault-first@example.com', 'fault-second@example.com', 'fault-third@example.com'];

/** A JSON value nested this deep parses, but serializing it again overflows the stack while the request is built. */
const DEPTH = 10_000;
const deepValue = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

interface AccountView {
  email: string;
  state: string;
  cooldownUntil: string | null;
  usage: { errors: number; lastError: string | null };
}

/**
 * A failure caused by the request itself is the client's 4xx and never touches an account: only the upstream's
 * own answers, or network failures reaching it, count against one. Three accounts, so a request that cooled
 * them one after another would show.
 */
describe('failures that are the request’s own fault', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ withAccount: false, config: { providers: { anthropic: { strategy: 'round-robin' } } } });
    for (const email of EMAILS) await addAccount(stack.store, stack.tokens, email);
    await adminCall(stack, 'POST', '/admin/reload');
  });
  afterAll(() => stack.close());

  const post = (path: string, json: string) =>
    fetch(`${stack.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: json });
  const modelRequests = () => stack.api.requests.filter((request) => request.path.startsWith('/v1/messages')).length;

  async function expectNoAccountTouched(): Promise<void> {
    const { accounts } = (await adminCall<{ accounts: AccountView[] }>(stack, 'GET', '/admin/accounts')).body;
    expect(accounts).toHaveLength(EMAILS.length);
    for (const account of accounts) {
      expect(account.cooldownUntil, account.email).toBeNull();
      expect(account.usage, account.email).toMatchObject({ errors: 0, lastError: null });
      expect(account.state, account.email).toMatch(/^ready/);
    }
  }

  it('answers /v1/messages with a 400 in the Anthropic shape', async () => {
    const before = modelRequests();
    const response = await post('/v1/messages', `{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"hi"}],"deep":${deepValue}}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.any(String) } });
    expect(modelRequests()).toBe(before);
    await expectNoAccountTouched();
  });

  it('answers /v1/chat/completions with a 400 in the OpenAI shape', async () => {
    const before = modelRequests();
    const tool = `{"type":"function","function":{"name":"deep","parameters":{"type":"object","properties":{"x":{"type":"array","default":${deepValue}}}}}}`;
    const response = await post('/v1/chat/completions', `{"model":"claude-sonnet-4-6","messages":[{"role":"user","content":"hi"}],"tools":[${tool}]}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.any(String) } });
    expect(modelRequests()).toBe(before);
    await expectNoAccountTouched();
  });

  it('answers /v1/responses with a 400 in the OpenAI shape', async () => {
    const before = modelRequests();
    const tool = `{"type":"function","name":"deep","parameters":{"type":"object","properties":{"x":{"type":"array","default":${deepValue}}}}}`;
    const response = await post('/v1/responses', `{"model":"claude-sonnet-4-6","input":"hi","tools":[${tool}]}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.any(String) } });
    expect(modelRequests()).toBe(before);
    await expectNoAccountTouched();
  });

  it('still serves the next request from a ready account', async () => {
    expect((await post('/v1/messages', '{"model":"claude-sonnet-4-6","max_tokens":16,"messages":[{"role":"user","content":"after"}]}')).status).toBe(200);
  });
});
