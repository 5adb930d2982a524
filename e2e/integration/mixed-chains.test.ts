import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../stand-ins/openai-api.js';
import { adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

/**
 * A fallback chain across protocols: the Claude subscription pool (Anthropic Messages) and an OpenAI API key
 * (`openai-key:personal`, Chat Completions and Responses). Each target of the chain is served its own way — the
 * request passes through to a target that speaks the client's format and goes through the IR to the other — so a
 * chain that can fall back to another protocol costs its first target nothing.
 */

const OPENAI_KEY = 'sk-proj-personal-0123456789';
const CLAUDE_MODEL = 'claude-sonnet-4-6';
const PERSONAL = 'openai-key:personal';

interface MixedStack {
  url: string;
  claude: AnthropicStandIn;
  openai: OpenAIStandIn;
  stack: Stack;
}

async function startMixedStack(): Promise<MixedStack> {
  const openai = await startOpenAIStandIn({ apiKeys: [OPENAI_KEY] });
  const stack = await startStack({
    config: { routing: { models: { [CLAUDE_MODEL]: ['claude', `${PERSONAL}/gpt-5-mini`] } } },
    keyInstances: [{ provider: 'openai-key', instance: 'personal', key: OPENAI_KEY, standIn: openai, baseUrl: `${openai.url}/v1` }],
  });
  return { url: stack.url, claude: stack.api, openai, stack };
}

const post = (stack: MixedStack, path: string, body: unknown) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });

const claudePosts = (stack: MixedStack) => stack.claude.requests.filter((request) => request.path.startsWith('/v1/messages'));
const openaiPosts = (stack: MixedStack) => stack.openai.requests.filter((request) => request.method === 'POST');

async function newestRequest(stack: MixedStack): Promise<{ provider: string | null; targetsTried: string[]; outcome: string }> {
  for (;;) {
    const { body } = await adminCall<{ requests: { provider: string | null; targetsTried: string[]; outcome: string }[] }>(stack, 'GET', '/admin/requests?limit=1');
    if (body.requests[0]) return body.requests[0];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a fallback chain across protocols', () => {
  let stack: MixedStack;
  beforeEach(async () => {
    stack = await startMixedStack();
  });
  afterEach(() => stack.stack.close());

  it("passes an Anthropic client's request through to the Claude target at the head of the chain", async () => {
    const answer = await post(stack, '/v1/messages', { model: CLAUDE_MODEL, max_tokens: 32, messages: [{ role: 'user', content: 'hello' }], switchboard_test_field: 'kept' });

    expect(answer.status).toBe(200);
    // Passed through: the upstream got the client's own body (the IR would stream upstream and drop the unknown field).
    const [sent] = claudePosts(stack);
    expect(sent?.body).toMatchObject({ switchboard_test_field: 'kept' });
    expect(sent?.body).not.toHaveProperty('stream');
    expect(openaiPosts(stack)).toHaveLength(0);
  });

  it('translates it for the OpenAI key when the Claude pool is used up, and answers in Anthropic Messages', async () => {
    stack.claude.setUtilization(1, 0.5);

    const answer = await post(stack, '/v1/messages', { model: CLAUDE_MODEL, max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] });

    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ type: 'message', role: 'assistant', model: CLAUDE_MODEL });
    const [sent] = openaiPosts(stack);
    expect(sent?.body).toMatchObject({ model: 'gpt-5-mini' });
    expect(await newestRequest(stack)).toMatchObject({ provider: PERSONAL, targetsTried: ['anthropic', PERSONAL], outcome: 'ok' });
  });

  it("translates a Chat client's request for Claude, then passes it through to the OpenAI key's own Chat API", async () => {
    stack.claude.setUtilization(1, 0.5);
    const body = { model: CLAUDE_MODEL, messages: [{ role: 'user', content: 'hello' }], switchboard_test_field: 'kept' };

    const answer = await post(stack, '/v1/chat/completions', body);

    expect(answer.status).toBe(200);
    const completion = (await answer.json()) as { id: string; object: string };
    expect(completion.object).toBe('chat.completion');
    expect(claudePosts(stack)).toHaveLength(1); // tried through the IR: Claude does not speak Chat
    expect(claudePosts(stack)[0]?.body).toMatchObject({ stream: true });
    // Passed through to the Chat API, the client's body as it was but for the target's model id.
    const [sent] = openaiPosts(stack);
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.body).toEqual({ ...body, model: 'gpt-5-mini' });
    expect(await newestRequest(stack)).toMatchObject({ provider: PERSONAL, targetsTried: ['anthropic', PERSONAL], outcome: 'ok' });
  });

  it("relays the OpenAI key's own rate-limit headers on a translated answer, as its protocol names them", async () => {
    stack.openai.failNext({ status: 429, retryAfterSeconds: 7 });

    const answer = await post(stack, '/v1/messages', { model: 'gpt-5-mini', max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] });

    expect(answer.status).toBe(429);
    expect(await answer.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(answer.headers.get('retry-after')).toBe('7');
  });
});
