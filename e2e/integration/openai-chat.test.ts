import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastModelRequest, PIXEL_PNG, startStack, TEST_API_KEY, type Stack } from './harness.js';

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

type UpstreamBody = { model: string; thinking?: { type: string }; messages: { role: string; content: { type: string; source?: unknown }[] | string }[] };

/** The official openai SDK's Chat Completions API, through Switchboard, served by a Claude account. */
describe('OpenAI Chat Completions on a Claude account', () => {
  let stack: Stack;
  let client: OpenAI;
  beforeAll(async () => {
    stack = await startStack();
    client = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => stack.close());

  const lastUpstream = () => lastModelRequest(stack);

  const firstTurn: ChatCompletionMessageParam[] = [
    { role: 'system', content: 'You are terse.' },
    {
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL_PNG}` } },
        { type: 'text', text: 'Use the get_weather tool for Paris' },
      ],
    },
  ];

  for (const stream of [false, true]) {
    it(`completes a multi-turn tool conversation with an image and reasoning (${stream ? 'streaming' : 'non-streaming'})`, async () => {
      const ask = async (messages: ChatCompletionMessageParam[]) => {
        const params = { model: 'claude-sonnet-4-6', messages, tools: [weatherTool], reasoning_effort: 'medium' as const };
        if (!stream) return client.chat.completions.create(params);
        return client.chat.completions.stream({ ...params, stream_options: { include_usage: true } }).finalChatCompletion();
      };

      const first = await ask(firstTurn);
      expect(first.model).toBe('claude-sonnet-4-6');
      const choice = first.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBe("I'll use get_weather.");
      // The SDK's stream helper keeps only the last reasoning_content delta (it merges unknown delta keys by
      // assignment), so the streamed case can only check that reasoning arrived.
      const reasoning = (choice.message as { reasoning_content?: string }).reasoning_content;
      if (stream) expect(reasoning && 'Thinking about it.'.endsWith(reasoning)).toBe(true);
      else expect(reasoning).toBe('Thinking about it.');
      const call = choice.message.tool_calls![0]!;
      expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(JSON.parse((call as { function: { arguments: string } }).function.arguments)).toEqual({ city: 'Paris' });
      expect(first.usage?.prompt_tokens).toBeGreaterThan(0);

      const upstream = lastUpstream().body as UpstreamBody;
      expect(upstream.thinking?.type).toMatch(/enabled|adaptive/);
      const userBlocks = upstream.messages[0]!.content as { type: string; source?: unknown }[];
      expect(userBlocks[0]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL_PNG } });

      const second = await ask([
        ...firstTurn,
        choice.message as ChatCompletionMessageParam,
        { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21°C' },
      ]);
      expect(second.choices[0]!.finish_reason).toBe('stop');
      expect(second.choices[0]!.message.content).toBe('Tool result received: Sunny, 21°C');
      const replayed = lastUpstream().body as UpstreamBody;
      expect(replayed.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    });
  }

  it('streams chunks the way OpenAI does, with usage at the end when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'sonnet',
      messages: [{ role: 'user', content: 'Stream this' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Stand-in reply to: Stream this');
    expect(chunks.every((chunk) => chunk.model === 'sonnet')).toBe(true);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('passes an image URL through as a URL source', async () => {
    await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
    });
    const blocks = (lastUpstream().body as UpstreamBody).messages[0]!.content as { type: string; source?: unknown }[];
    expect(blocks[1]).toEqual({ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } });
  });

  it('returns structured output that follows the json_schema', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, temperature: { type: 'number' } }, required: ['city', 'temperature'], additionalProperties: false };
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'A forecast for Rome' }],
      response_format: { type: 'json_schema', json_schema: { name: 'forecast', schema, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: 'Rome', temperature: 1 });
    expect((lastUpstream().body as { output_config?: unknown }).output_config).toMatchObject({ format: { type: 'json_schema', schema } });
  });

  it('honours stop sequences and reports the finish reason', async () => {
    const completion = await client.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'alpha STOP beta' }], stop: ['STOP'] });
    expect(completion.choices[0]!.message.content).toBe('Stand-in reply to: alpha ');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('turns an error in the middle of a stream into an error the SDK raises', async () => {
    stack.api.failNext({ midStreamErrorAfterDeltas: 1 });
    const stream = client.chat.completions.stream({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'a long answer' }] });
    await expect(stream.finalChatCompletion()).rejects.toThrow(/Overloaded/i);
  });

  // Last: the scripted 429 cools the stack's only account down for the rest of this file.
  it('answers errors in the OpenAI shape', async () => {
    const unknown = await client.chat.completions.create({ model: 'gpt-unknown', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    const invalid = await client.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [] }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    stack.api.failNext({ status: 429, retryAfterSeconds: 30 });
    const limited = (await client.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] }).catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.headers?.get('retry-after')).toBe('30');
  });
});
