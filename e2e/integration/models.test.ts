import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { STAND_IN_MODELS } from '../stand-ins/anthropic-api.js';
import { adminCall, lastModelRequest, startStack, TEST_API_KEY, type Stack } from './harness.js';

type ListedModel = { id: string; display_name: string; created_at: string; owned_by: string };

/** The models Switchboard serves come from each account's live list (GET /v1/models upstream), not a hand-written one. */
describe('live model lists', () => {
  let stack: Stack | null = null;
  afterEach(async () => {
    await stack?.close();
    stack = null;
  });

  async function listed(current: Stack, key = TEST_API_KEY): Promise<ListedModel[]> {
    const response = await fetch(`${current.url}/v1/models`, { headers: { 'x-api-key': key } });
    return ((await response.json()) as { data: ListedModel[] }).data;
  }

  it('serves the account’s live list at /v1/models, with each alias and what it stands for now', async () => {
    stack = await startStack();
    const models = await listed(stack);
    expect(models.slice(0, STAND_IN_MODELS.length).map((model) => model.id)).toEqual(STAND_IN_MODELS.map((model) => model.id));
    expect(models[0]).toMatchObject({ id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5', created_at: '2026-11-18T00:00:00.000Z', owned_by: 'anthropic' });
    expect(models.slice(STAND_IN_MODELS.length).map((model) => model.display_name)).toEqual([
      'opus → claude-opus-5-5',
      'sonnet → claude-sonnet-5',
      'haiku → claude-haiku-4-5-20251001',
    ]);
    // Both SDKs list them.
    const anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
    expect((await anthropic.models.list()).data.map((model) => model.id)).toContain('claude-opus-5-5');
    const openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    expect((await openai.models.list()).data.map((model) => model.id)).toContain('claude-sonnet-5');
  });

  it('resolves an alias to the newest model of its family that the live list offers, and answers in the name asked for', async () => {
    stack = await startStack({
      upstreamModels: [{ id: 'claude-sonnet-5-1', display_name: 'Claude Sonnet 5.1', created_at: '2027-01-20T00:00:00Z' }, ...STAND_IN_MODELS],
    });
    const openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const reply = await openai.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'hi' }] });
    expect((lastModelRequest(stack).body as { model: string }).model).toBe('claude-sonnet-5-1');
    expect(reply.model).toBe('sonnet');
    const anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
    await anthropic.messages.create({ model: 'haiku', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect((lastModelRequest(stack).body as { model: string }).model).toBe('claude-haiku-4-5-20251001');
  });

  it('shows a key with an allow-list only the models it may use, and answers each SDK in its own error shape', async () => {
    stack = await startStack();
    const created = (await adminCall<{ secret: string }>(stack, 'POST', '/admin/keys', { label: 'haiku only', allowedModels: ['claude-haiku-4-5'] })).body;
    const ids = (await listed(stack, created.secret)).map((model) => model.id);
    expect(ids).toEqual(['claude-haiku-4-5-20251001', 'haiku']);
    const wrong = new Anthropic({ apiKey: 'sk-sb-not-a-key-of-this-switchboard', baseURL: stack.url, maxRetries: 0 });
    const refused = (await wrong.models.list().catch((error: unknown) => error)) as InstanceType<typeof Anthropic.APIError>;
    expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(refused.error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const openaiRefused = (await new OpenAI({ apiKey: 'sk-sb-not-a-key', baseURL: `${stack.url}/v1`, maxRetries: 0 }).models.list().catch((error: unknown) => error)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(openaiRefused.error).toMatchObject({ type: 'invalid_request_error' });
  });

  it('config aliases still win over the families', async () => {
    stack = await startStack({ config: { providers: { anthropic: { aliases: { sonnet: 'claude-sonnet-4-6' } } } } });
    const anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
    await anthropic.messages.create({ model: 'sonnet', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect((lastModelRequest(stack).body as { model: string }).model).toBe('claude-sonnet-4-6');
  });

  it('falls back to the built-in list when the live one cannot be read, and still forwards any claude- id', async () => {
    stack = await startStack({ upstreamModels: 503 });
    const ids = (await listed(stack)).map((model) => model.id);
    expect(ids).toContain('claude-opus-5-5');
    const anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
    await anthropic.messages.create({ model: 'opus', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect((lastModelRequest(stack).body as { model: string }).model).toBe('claude-opus-5-5');
    await anthropic.messages.create({ model: 'claude-not-listed-9', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    expect((lastModelRequest(stack).body as { model: string }).model).toBe('claude-not-listed-9');
  });
});
