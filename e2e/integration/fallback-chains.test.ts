import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { adminCall, startStack, TEST_API_KEY } from './harness.js';

/**
 * A routing table's fallback chain, end to end: `claude-sonnet-4-6: [claude, anthropic-key:work]`, the Claude
 * subscription pool in front of an Anthropic API key (the real `anthropic-key` provider, its instance `work` defined
 * by its key file, served by the Anthropic stand-in in API-key mode). With the Claude stand-in in a used-up quota
 * window, requests continue on the API key without an error; the usage rows say which target served and which were
 * tried. A fault after the first byte is the client's, never retried elsewhere.
 */

const WORK_KEY = 'sk-ant-api03-work-0123456789';
const MODEL = 'claude-sonnet-4-6';
const WORK = 'anthropic-key:work';

interface ChainStack {
  url: string;
  claude: AnthropicStandIn;
  apiKey: AnthropicStandIn;
  close(): Promise<void>;
}

async function startChainStack(routing: Record<string, unknown> = { models: { [MODEL]: ['claude', WORK] } }): Promise<ChainStack> {
  const apiKey = await startAnthropicStandIn({ tokens: new TokenRegistry(), apiKeys: [WORK_KEY] });
  const stack = await startStack({ config: { routing }, keyInstances: [{ provider: 'anthropic-key', instance: 'work', key: WORK_KEY, standIn: apiKey }] });
  return { url: stack.url, claude: stack.api, apiKey, close: () => stack.close() };
}

function messages(stack: ChainStack, stream: boolean, key = TEST_API_KEY, model = MODEL) {
  return fetch(`${stack.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, max_tokens: 32, stream, messages: [{ role: 'user', content: 'hello' }] }),
  });
}

interface RequestRow {
  provider: string | null;
  targetsTried: string[];
  status: number;
  outcome: string;
}

/** The newest rows of /admin/requests, once `count` are there (each is committed right after its answer). */
async function newestRequests(stack: ChainStack, count: number): Promise<RequestRow[]> {
  for (;;) {
    const { body } = await adminCall<{ requests: RequestRow[] }>(stack, 'GET', '/admin/requests?limit=50');
    if (body.requests.length >= count) return body.requests;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const messagePosts = (standIn: AnthropicStandIn) => standIn.requests.filter((request) => request.path.startsWith('/v1/messages')).length;

describe('fallback chains across targets', () => {
  let stack: ChainStack;
  beforeEach(async () => {
    stack = await startChainStack();
  });
  afterEach(() => stack.close());

  it('continues on the next target while the Claude pool is in a used-up quota window, without an error to the client', async () => {
    stack.claude.setUtilization(1, 0.5);

    const first = await messages(stack, false);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ type: 'message', role: 'assistant' });
    // The pool's account now cools down: the next request does not even ask Claude.
    const second = await messages(stack, true);
    expect(second.status).toBe(200);
    expect(await second.text()).toContain('event: message_stop');
    const chat = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(chat.status).toBe(200);
    expect(await chat.json()).toMatchObject({ object: 'chat.completion' });

    expect(messagePosts(stack.claude)).toBe(1);
    expect(messagePosts(stack.apiKey)).toBe(3);
    const rows = await newestRequests(stack, 3);
    expect(rows.map((row) => [row.provider, row.targetsTried, row.status, row.outcome])).toEqual([
      [WORK, ['anthropic', WORK], 200, 'ok'],
      [WORK, ['anthropic', WORK], 200, 'ok'],
      [WORK, ['anthropic', WORK], 200, 'ok'],
    ]);
  });

  it('moves on when the first target sends an error inside a 200 stream before its first content', async () => {
    stack.claude.failNext({ midStreamErrorAfterDeltas: 0 });

    const answer = await messages(stack, true);

    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text).toContain('event: message_stop');
    expect(text).not.toContain('event: error');
    expect(messagePosts(stack.apiKey)).toBe(1);
    expect((await newestRequests(stack, 1))[0]).toMatchObject({ provider: WORK, targetsTried: ['anthropic', WORK], outcome: 'ok' });
  });

  it('never moves on after the first byte: an error inside the stream after content is told to the client', async () => {
    stack.claude.failNext({ midStreamErrorAfterDeltas: 1 });

    const answer = await messages(stack, true);

    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text).toContain('content_block_delta');
    expect(text).toContain('event: error');
    expect(messagePosts(stack.apiKey)).toBe(0);
    expect((await newestRequests(stack, 1))[0]).toMatchObject({ provider: 'anthropic', targetsTried: ['anthropic'], outcome: 'error' });
  });

  it('serves from the first target alone when it can', async () => {
    const answer = await messages(stack, false);

    expect(answer.status).toBe(200);
    expect(messagePosts(stack.apiKey)).toBe(0);
    expect((await newestRequests(stack, 1))[0]).toMatchObject({ provider: 'anthropic', targetsTried: ['anthropic'], outcome: 'ok' });
  });
});

describe('keys pinned to a target or an account', () => {
  let stack: ChainStack;
  beforeEach(async () => {
    stack = await startChainStack();
  });
  afterEach(() => stack.close());

  async function pinnedKey(pin: { pinnedTarget?: string; pinnedAccount?: string }): Promise<string> {
    const created = await adminCall<{ secret: string }>(stack, 'POST', '/admin/keys', { label: 'pinned', ...pin });
    expect(created.status).toBe(201);
    return created.body.secret;
  }

  it('sends a key pinned to a target there, although the chain starts elsewhere', async () => {
    const key = await pinnedKey({ pinnedTarget: WORK });
    expect((await messages(stack, false, key)).status).toBe(200);
    expect(messagePosts(stack.claude)).toBe(0);
    expect(messagePosts(stack.apiKey)).toBe(1);
  });

  it('sends a key pinned to an account to that account alone', async () => {
    const key = await pinnedKey({ pinnedAccount: 'anthropic-key-work' });
    expect((await messages(stack, false, key)).status).toBe(200);
    expect(messagePosts(stack.apiKey)).toBe(1);
    expect((await newestRequests(stack, 1))[0]).toMatchObject({ provider: WORK, targetsTried: [WORK] });
  });

  it("never sends a pinned key's request elsewhere: its target's quota window is the client's error, in its format", async () => {
    stack.claude.setUtilization(1, 0.5);
    const key = await pinnedKey({ pinnedTarget: 'claude' });

    const answer = await messages(stack, false, key);

    expect(answer.status).toBe(429);
    expect(await answer.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(messagePosts(stack.apiKey)).toBe(0);
  });

  it('refuses a model its target does not serve with a 403 that says why', async () => {
    const key = await pinnedKey({ pinnedTarget: WORK });
    const answer = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude/claude-sonnet-4-6', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { type: 'insufficient_permissions', message: 'this API key may use only the target "anthropic-key:work", which does not serve the model "claude/claude-sonnet-4-6"' } });
    expect(messagePosts(stack.claude) + messagePosts(stack.apiKey)).toBe(0);
  });

  it("reserves a pinned key's budget for its own target, not for the chain's first", async () => {
    // The subscription adds its request profile (about a thousand tokens) to every request; the key adds nothing.
    const budgeted = async (pinnedTarget?: string) => {
      const created = await adminCall<{ secret: string }>(stack, 'POST', '/admin/keys', { label: 'budget', monthlyTokenBudget: 600, ...(pinnedTarget ? { pinnedTarget } : {}) });
      expect(created.status).toBe(201);
      return created.body.secret;
    };
    expect((await messages(stack, false, await budgeted(WORK))).status).toBe(200);
    const unpinned = await messages(stack, false, await budgeted());
    expect(unpinned.status).toBe(429);
    expect(await unpinned.json()).toMatchObject({ error: { message: expect.stringMatching(/monthly token budget of 600/) } });
  });

  it('lists at GET /v1/models only what a pinned key may use, under the names that reach its target', async () => {
    const listed = async (key: string) => {
      const answer = await fetch(`${stack.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { data: { id: string }[] }).data.map((model) => model.id);
    };
    const all = await listed(TEST_API_KEY);
    expect(all.some((id) => id.startsWith(`${WORK}/`))).toBe(true);
    expect(all.some((id) => !id.includes('/') && id !== MODEL)).toBe(true);

    const toWork = await listed(await pinnedKey({ pinnedTarget: WORK }));
    expect(toWork).toContain(MODEL); // the table's chain reaches the key
    expect(toWork.filter((id) => id !== MODEL).every((id) => id.startsWith(`${WORK}/`))).toBe(true);
    const toClaude = await listed(await pinnedKey({ pinnedTarget: 'claude' }));
    expect(toClaude).toContain(MODEL);
    expect(toClaude.filter((id) => id.includes('/'))).toEqual([]);
    // Each listed name is one the pinned key's requests may use.
    const key = await pinnedKey({ pinnedTarget: WORK });
    for (const model of toWork.slice(0, 3)) {
      const answer = await fetch(`${stack.url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect([model, answer.status]).toEqual([model, 200]);
    }
  });

  it('refuses a key pinned to a target and an account at once', async () => {
    const created = await adminCall<{ error: { message: string } }>(stack, 'POST', '/admin/keys', { label: 'both', pinnedTarget: 'claude', pinnedAccount: 'anthropic-key-work' });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(/pin the key to a target or to an account, not both/);
  });
});

describe('the background tier', () => {
  let stack: ChainStack;
  beforeEach(async () => {
    stack = await startChainStack({ background: { chain: [`${WORK}/claude-haiku-4-5`] } });
  });
  afterEach(() => stack.close());

  it("sends Claude Code's small, fast calls to the cheaper target, and the rest where they went", async () => {
    expect((await messages(stack, false, TEST_API_KEY, 'claude-haiku-4-5')).status).toBe(200);
    expect((await messages(stack, false, TEST_API_KEY, MODEL)).status).toBe(200);
    expect(messagePosts(stack.apiKey)).toBe(1);
    expect(messagePosts(stack.claude)).toBe(1);
    const [sonnet, haiku] = await newestRequests(stack, 2);
    expect(haiku).toMatchObject({ provider: WORK, targetsTried: [WORK] });
    expect(sonnet).toMatchObject({ provider: 'anthropic', targetsTried: ['anthropic'] });
  });
});
