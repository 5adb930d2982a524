import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodexUser } from '../stand-ins/codex-identity.js';
import { startCodexStack, type CodexStack } from './codex-stack.js';
import { TEST_API_KEY } from './harness.js';

const ADA: CodexUser = { email: 'ada@example.com', userId: 'user-ada', accountId: 'ws-ada', plan: 'plus' };

/**
 * Issue #16: the endpoints of a ChatGPT (Codex) target beyond the model requests: POST /v1/responses/compact passed
 * through to the backend's compact endpoint (the protocol lists it as an extra endpoint).
 */
describe('ChatGPT (Codex) target: compact', () => {
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
});
