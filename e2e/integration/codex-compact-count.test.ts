import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ada } from '../stand-ins/codex-identity.js';
import { startCodexStack, type CodexStack } from './codex-stack.js';
import { TEST_API_KEY } from './harness.js';

const ADA = ada('plus');

/**
 * Issue #16: the endpoints of a ChatGPT (Codex) target beyond the model requests: POST /v1/responses/compact passed
 * through to the backend's compact endpoint (the protocol lists it as an extra endpoint), and
 * POST /v1/messages/count_tokens counted here (the backend cannot count), marked estimated.
 */
describe('ChatGPT (Codex) target: compact and token counts', () => {
  let stack: CodexStack;
  let openai: OpenAI;
  const compactRequests = () => stack.backend.requests.filter((request) => request.path === '/backend-api/codex/responses/compact');

  beforeAll(async () => {
    stack = await startCodexStack([ADA]);
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  it('passes POST /v1/responses/compact through, unary, with only the fields the backend takes', async () => {
    const input = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Earlier question' },
      { role: 'assistant' as const, content: 'Earlier answer' },
    ];
    const compacted = await openai.responses.compact({ model: 'gpt-5.5', input, instructions: 'Summarise.', prompt_cache_key: 'conv-7' });
    expect(compacted.output).toEqual([expect.objectContaining({ type: 'message' }), expect.objectContaining({ type: 'compaction' })]);
    const sent = compactRequests().at(-1)!;
    expect(sent.headers['accept']).toBe('application/json');
    expect(sent.headers['chatgpt-account-id']).toBe(ADA.accountId);
    expect(Object.keys(sent.body as object).sort()).toEqual(['input', 'instructions', 'model']);
    expect((sent.body as { input: Array<{ role: string }> }).input[0]?.role).toBe('developer');
  });

  it("answers the backend's refusal in the OpenAI error shape the SDK reads", async () => {
    stack.backend.failNext({ status: 400, body: { detail: 'Compaction failed: input too long' } });
    const refused = await openai.responses.compact({ model: 'gpt-5.5', input: 'hi' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ message: 'Compaction failed: input too long', type: 'invalid_request_error' });
  });

  it("counts an Anthropic client's tokens here, marked estimated, without asking the backend", async () => {
    const anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
    const before = stack.backend.requests.length;
    const tools = [{ name: 'get_weather', description: 'The weather of a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];
    const ask = (extra: { system?: string; tools?: typeof tools }) =>
      anthropic.messages.countTokens({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'What is the weather in Oslo today?' }], ...extra }).withResponse();
    const { data, response } = await ask({ system: 'You are a weather assistant.', tools });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-switchboard-token-count')).toBe('estimated');
    expect(data.input_tokens).toBeGreaterThan(10);
    // What the upstream would see: the system prompt and the tools count too.
    expect((await ask({ tools })).data.input_tokens).toBeLessThan(data.input_tokens);
    expect((await ask({ system: 'You are a weather assistant.' })).data.input_tokens).toBeLessThan(data.input_tokens);
    expect(stack.backend.requests.length).toBe(before);
  });
});
