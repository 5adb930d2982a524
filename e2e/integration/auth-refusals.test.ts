import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

interface CreatedKey {
  id: string;
  secret: string;
}

const messagesBody = JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
const chatBody = JSON.stringify({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] });

/**
 * Switchboard's own refusals of a key say `x-should-retry: false`: Claude Code otherwise retries a 401 for about
 * three minutes (with the header it gives up after one request). The upstream's refusals do not say it.
 */
describe("Switchboard's own auth refusals", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const createKey = async () => (await adminCall<CreatedKey>(stack, 'POST', '/admin/keys', { label: 'refused' })).body;
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers }, body });

  /** The key's refusal on /v1/messages (Anthropic shape), /v1/chat/completions and /v1/models (OpenAI shape). */
  async function expectFinalRefusal(headers: Record<string, string>, message: RegExp): Promise<void> {
    const anthropic = await post('/v1/messages', messagesBody, headers);
    expect(anthropic.status).toBe(401);
    expect(anthropic.headers.get('x-should-retry')).toBe('false');
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringMatching(message) } });

    const openai = await post('/v1/chat/completions', chatBody, headers);
    expect(openai.status).toBe(401);
    expect(openai.headers.get('x-should-retry')).toBe('false');
    expect(await openai.json()).toMatchObject({ error: { message: expect.stringMatching(message) } });

    const models = await fetch(`${stack.url}/v1/models`, { headers });
    expect(models.status).toBe(401);
    expect(models.headers.get('x-should-retry')).toBe('false');
  }

  it('on a missing key', async () => {
    await expectFinalRefusal({}, /missing API key/);
  });

  it('on a key that is not one of this Switchboard', async () => {
    await expectFinalRefusal({ authorization: 'Bearer sk-sb-not-a-key-of-ours-0000' }, /invalid API key/);
    await expectFinalRefusal({ 'x-api-key': 'sk-sb-not-a-key-of-ours-0000' }, /invalid API key/);
  });

  it('on a revoked managed key', async () => {
    const key = await createKey();
    await adminCall(stack, 'DELETE', `/admin/keys/${key.id}`);
    await expectFinalRefusal({ authorization: `Bearer ${key.secret}` }, /revoked/);
  });

  it('on a disabled managed key', async () => {
    const key = await createKey();
    await adminCall(stack, 'PATCH', `/admin/keys/${key.id}`, { enabled: false });
    await expectFinalRefusal({ 'x-api-key': key.secret }, /disabled/);
  });

  it('on an expired managed key', async () => {
    const key = await createKey();
    await adminCall(stack, 'PATCH', `/admin/keys/${key.id}`, { expiresAt: '2020-01-01T00:00:00Z' });
    await expectFinalRefusal({ authorization: `Bearer ${key.secret}` }, /expired/);
  });

  it("not on the upstream's refusal of an account's login", async () => {
    // Refused, refreshed, refused again: the account's login is the problem, and retrying later may help.
    stack.api.failNext({ status: 401 }, { status: 401 });
    const response = await post('/v1/messages', messagesBody, { 'x-api-key': TEST_API_KEY });
    expect(response.status).toBe(503);
    expect(response.headers.get('x-should-retry')).toBeNull();
    expect(await response.json()).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/refused the login/) } });
  });

  it('not on a request the key may make', async () => {
    const response = await post('/v1/messages', messagesBody, { authorization: `Bearer ${TEST_API_KEY}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-should-retry')).toBeNull();
  });
});
