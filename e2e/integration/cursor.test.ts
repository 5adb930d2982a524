import Anthropic from '@anthropic-ai/sdk';
import { Code } from '@connectrpc/connect';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_CURSOR_TOKEN } from '../stand-ins/cursor-agent.js';
import { startCursorStack, type CursorStack } from './cursor-stack.js';
import { TEST_API_KEY } from './harness.js';

const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

/**
 * Issue #17: a Cursor login as a target, against the Cursor agent stand-in. No client format is Cursor's: every
 * request goes through the IR, one agent run per request; a tool round trip is a cold resume (the tool's result
 * comes back in the next run's history).
 */
describe('Cursor target', () => {
  let stack: CursorStack;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const lastRun = () => stack.agent.runs.at(-1)!;

  beforeAll(async () => {
    stack = await startCursorStack();
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  it('serves Chat Completions, whole and streamed, with the model Cursor names', async () => {
    stack.agent.answerNext({ steps: [{ text: 'hello from cursor' }] });
    const whole = await openai.chat.completions.create({ model: 'cursor-claude-4.5-sonnet', messages: [{ role: 'user', content: 'Say hello' }] });
    expect(whole.choices[0]?.message.content).toBe('hello from cursor');
    expect(whole.model).toBe('cursor-claude-4.5-sonnet');
    expect(lastRun().runRequest.modelDetails?.modelId ?? lastRun().runRequest.requestedModel?.modelId).toBe('claude-4.5-sonnet');
    expect(lastRun().headers['authorization']).toBe(`Bearer ${STAND_IN_CURSOR_TOKEN}`);

    stack.agent.answerNext({ steps: [{ thinking: 'Hmm.' }, { text: 'streamed ' }, { text: 'from cursor' }] });
    const streamed = await openai.chat.completions.stream({ model: 'cr/gpt-5', messages: [{ role: 'user', content: 'Stream it' }], stream_options: { include_usage: true } }).finalChatCompletion();
    expect(streamed.choices[0]?.message.content).toBe('streamed from cursor');
    expect(streamed.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('carries a tool round trip over two runs: the call to the client, its result back as history', async () => {
    stack.agent.answerNext({ steps: [{ mcpCall: { toolName: 'get_weather', args: { city: 'Oslo' } } }] });
    const first = await openai.chat.completions.create({ model: 'cursor-gpt-5', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weather] });
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    const call = first.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('no function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Oslo' });

    const second = await openai.chat.completions
      .stream({ model: 'cursor-gpt-5', messages: [{ role: 'user', content: 'Weather in Oslo?' }, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'Sunny' }], tools: [weather] })
      .finalChatCompletion();
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toContain('Sunny');
    expect(stack.agent.runs.at(-1)?.clientLeft).toBe(false);
  });

  it('serves the Messages API, whole and streamed, under Claude Code’s model name', async () => {
    stack.agent.answerNext({ steps: [{ text: 'via messages' }] });
    const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'Say it' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'via messages' })]);
    expect(message.usage.input_tokens).toBeGreaterThan(0);

    stack.agent.answerNext({ steps: [{ mcpCall: { toolName: 'get_weather', args: { city: 'Rome' } } }] });
    const tools = [{ name: 'get_weather', description: 'The weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];
    const streamed = await anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 200, tools, messages: [{ role: 'user', content: 'Weather in Rome?' }] }).finalMessage();
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { city: 'Rome' } });
  });

  it('serves the Responses API, whole and streamed', async () => {
    stack.agent.answerNext({ steps: [{ text: 'via responses' }] });
    const whole = await openai.responses.create({ model: 'cursor-composer-1', input: 'Say it' });
    expect(whole.output_text).toBe('via responses');
    stack.agent.answerNext({ steps: [{ text: 'streamed responses' }] });
    const streamed = await openai.responses.stream({ model: 'cursor-composer-1', input: 'Stream it' }).finalResponse();
    expect(streamed.output_text).toBe('streamed responses');
  });

  it('answers an outdated client version with the fix, in the client’s format', async () => {
    stack.agent.answerNext({ steps: [], ending: { code: Code.FailedPrecondition, error: 'ERROR_OUTDATED_CLIENT', title: 'Update Required', detail: 'Please update Cursor.' } });
    const refused = await anthropic.messages.create({ model: 'cursor-gpt-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.APIError);
    const body = (refused as InstanceType<typeof Anthropic.APIError>).error as { type?: string; error?: { type?: string; message?: string } };
    expect(body.type).toBe('error');
    expect(body.error?.message).toMatch(/Update Required.*Raise providers\.cursor\.agent\.clientVersion/);
    // The login itself is fine: the next request is served (that it is not held against the account: protocol.test.ts).
    stack.agent.answerNext({ steps: [{ text: 'still here' }] });
    const next = await anthropic.messages.create({ model: 'cursor-gpt-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(next.content).toEqual([expect.objectContaining({ type: 'text', text: 'still here' })]);
  });

  it('lists its models under the names that route to it, and answers an unknown catalog model in the client’s format', async () => {
    const ids = (await openai.models.list()).data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['cursor-claude-4.5-sonnet', 'cursor-gpt-5', 'cursor-composer-1', 'claude-sonnet-4-5']));
    const refused = await openai.chat.completions.create({ model: 'cursor-not-in-the-catalog', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
  });
});

describe('Cursor target with a token Cursor no longer takes', () => {
  it('refreshes the login once (/oauth/token) and serves the request with the new token', async () => {
    const stack = await startCursorStack({ accessToken: 'expired-cursor-token', refreshSubject: 'auth0|user_ada' });
    try {
      stack.auth.issueNext(STAND_IN_CURSOR_TOKEN);
      const openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
      stack.agent.answerNext({ steps: [{ text: 'after a refresh' }] });
      const answer = await openai.chat.completions.create({ model: 'cursor-gpt-5', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices[0]?.message.content).toBe('after a refresh');
      // (The model list, read at start with the old token, asks AvailableModels too: only refreshes count here.)
      expect(stack.auth.requests.map((request) => request.path).filter((path) => path.startsWith('/oauth/') || path.startsWith('/auth/'))).toEqual(['/oauth/token']);
      // The token has no expiry to go by: only Cursor's refusal (ERROR_AUTH_TOKEN_NOT_FOUND) can have asked for the refresh.
      expect(stack.account.data.expires_at).toBeNull();
      expect(stack.agent.runs.map((run) => run.headers['authorization'])).toEqual([`Bearer ${STAND_IN_CURSOR_TOKEN}`]);
      expect((await stack.store.read(stack.account.id))?.data.access_token).toBe(STAND_IN_CURSOR_TOKEN);
    } finally {
      await stack.close();
    }
  });
});
