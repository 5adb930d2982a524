import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, TEST_API_KEY } from './harness.js';
import { startCursorStack, type CursorStack } from './cursor-stack.js';

const tools = [
  { name: 'get_weather', description: 'The weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } },
  { name: 'get_time', description: 'The time', input_schema: { type: 'object' as const, properties: { zone: { type: 'string' } } } },
];

/** Issue #17, stream details: several tool calls in one turn, the `</think>` split, images, usage. */
describe('Cursor stream details', () => {
  let stack: CursorStack;
  let anthropic: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    stack = await startCursorStack();
    anthropic = new Anthropic({ apiKey: TEST_API_KEY, baseURL: stack.url, maxRetries: 0 });
    openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  it('returns every tool call of one turn to the client, and continues with all their results in the next run', async () => {
    stack.agent.answerNext({ steps: [{ text: 'Checking both.' }, { mcpCalls: [{ toolName: 'get_weather', args: { city: 'Oslo' } }, { toolName: 'get_time', args: { zone: 'CET' } }] }] });
    const question = { role: 'user' as const, content: 'Weather and time in Oslo?' };
    const first = await anthropic.messages.stream({ model: 'cursor-gpt-5', max_tokens: 300, tools, messages: [question] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const calls = first.content.filter((block) => block.type === 'tool_use');
    expect(calls.map((call) => [call.name, call.input])).toEqual([
      ['get_weather', { city: 'Oslo' }],
      ['get_time', { zone: 'CET' }],
    ]);

    const results = calls.map((call, index) => ({ type: 'tool_result' as const, tool_use_id: call.id, content: index === 0 ? 'Sunny' : '14:05' }));
    const second = await anthropic.messages.create({ model: 'cursor-gpt-5', max_tokens: 300, tools, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: results }] });
    expect(second.stop_reason).toBe('end_turn');
    const answer = second.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    for (const call of calls) expect(answer).toContain(call.id);
    expect(answer).toContain('Sunny');
    expect(answer).toContain('14:05');
  });

  it('gives the Chat Completions client both calls, whole', async () => {
    stack.agent.answerNext({ steps: [{ mcpCalls: [{ toolName: 'get_weather', args: { city: 'Rome' } }, { toolName: 'get_weather', args: { city: 'Paris' } }] }] });
    const functions = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const answer = await openai.chat.completions.create({ model: 'cursor-gpt-5', messages: [{ role: 'user', content: 'Rome and Paris?' }], tools: functions });
    expect(answer.choices[0]?.finish_reason).toBe('tool_calls');
    expect(answer.choices[0]?.message.tool_calls?.map((call) => call.type === 'function' && JSON.parse(call.function.arguments))).toEqual([{ city: 'Rome' }, { city: 'Paris' }]);
  });

  it('splits a think-tag model’s thinking at </think>: the answer after it is text; other models’ thinking stays whole', async () => {
    const steps = [{ thinking: '<think>Two and two ' }, { thinking: 'make four.</th' }, { thinking: 'ink>It is ' }, { thinking: 'four.' }];
    stack.agent.answerNext({ steps });
    // The client turns thinking on: a Messages client that did not is shown no thinking blocks.
    const split = await anthropic.messages.create({ model: 'cursor-composer-1', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'What is 2+2?' }] });
    expect(split.content.map((block) => (block.type === 'thinking' ? ['thinking', block.thinking] : block.type === 'text' ? ['text', block.text] : [block.type]))).toEqual([
      ['thinking', 'Two and two make four.'],
      ['text', 'It is four.'],
    ]);

    stack.agent.answerNext({ steps: [...steps, { text: 'Four.' }] });
    const whole = await anthropic.messages.stream({ model: 'cursor-gpt-5', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'What is 2+2?' }] }).finalMessage();
    expect(whole.content.map((block) => (block.type === 'thinking' ? ['thinking', block.thinking] : block.type === 'text' ? ['text', block.text] : [block.type]))).toEqual([
      ['thinking', '<think>Two and two make four.</think>It is four.'],
      ['text', 'Four.'],
    ]);
  });

  it('sends the client’s images with the run, and refuses one given by address in the client’s format', async () => {
    const png = Buffer.from('a tiny png').toString('base64');
    stack.agent.answerNext({ steps: [{ text: 'A cat.' }] });
    const seen = await anthropic.messages.create({
      model: 'cursor-gpt-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } }, { type: 'text', text: 'What is this?' }] }],
    });
    expect(seen.content).toEqual([expect.objectContaining({ type: 'text', text: 'A cat.' })]);
    const action = stack.agent.runs.at(-1)?.runRequest.action?.action;
    const userMessage = action?.case === 'userMessageAction' ? action.value.userMessage : undefined;
    expect(userMessage?.text).toBe('[image 1]What is this?');
    expect(userMessage?.selectedContext?.selectedImages.map((image) => [image.mimeType, image.dataOrBlobId.case, Buffer.from(image.dataOrBlobId.value ?? []).toString()])).toEqual([['image/png', 'data', 'a tiny png']]);

    const runs = stack.agent.runs.length;
    const refused = await anthropic.messages
      .create({ model: 'cursor-gpt-5', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }, { type: 'text', text: 'And this?' }] }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    const body = (refused as InstanceType<typeof Anthropic.APIError>).error as { type?: string; error?: { type?: string; message?: string } };
    expect(body.type).toBe('error');
    expect(body.error?.type).toBe('invalid_request_error');
    expect(body.error?.message).toMatch(/Cursor takes images as data, not by address/);
    expect(stack.agent.runs.length).toBe(runs);
  });

  it('bills the usage turn_ended counts; without counts, a tokenizer estimate marked estimated', async () => {
    const lastRequest = async () => (await adminCall<{ requests: { inputTokens: number; outputTokens: number; tokensEstimated: boolean; modelServed: string }[] }>(stack, 'GET', '/admin/requests?limit=1')).body.requests[0];

    stack.agent.answerNext({ steps: [{ text: 'three words here' }] });
    const counted = await anthropic.messages.create({ model: 'cursor-gpt-5', max_tokens: 100, messages: [{ role: 'user', content: 'count these four' }] });
    // The stand-in counts words: the user's three, the answer's three.
    expect([counted.usage.input_tokens, counted.usage.output_tokens]).toEqual([3, 3]);
    await expect.poll(lastRequest).toMatchObject({ inputTokens: 3, outputTokens: 3, tokensEstimated: false });

    stack.agent.answerNext({ steps: [{ text: 'an answer of some length' }], usage: 'none' });
    const estimated = await anthropic.messages.create({ model: 'cursor-gpt-5', max_tokens: 100, messages: [{ role: 'user', content: 'estimate me please' }] });
    expect(estimated.usage.input_tokens).toBeGreaterThan(0);
    expect(estimated.usage.output_tokens).toBeGreaterThan(0);
    await expect.poll(lastRequest).toMatchObject({ tokensEstimated: true, outputTokens: estimated.usage.output_tokens });
  });
});
