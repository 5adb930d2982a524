import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIStandIn, type OpenAIStandIn } from './openai-api.js';

const KEY = 'sk-standin-test-key';

/** The official openai SDK against the stand-in directly: what it accepts, a client of a real upstream accepts. */
describe('OpenAI-compatible stand-in', () => {
  let standIn: OpenAIStandIn;
  let client: OpenAI;
  const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

  beforeAll(async () => {
    standIn = await startOpenAIStandIn({ apiKeys: [KEY] });
    client = new OpenAI({ apiKey: KEY, baseURL: `${standIn.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => standIn.close());

  describe('Chat Completions', () => {
    it('answers whole and streamed (real SSE framing, usage in the last chunk when asked, then [DONE])', async () => {
      const whole = await client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Say exactly: hello there' }] });
      expect(whole.choices[0]?.message.content).toBe('hello there');
      expect(whole.choices[0]?.finish_reason).toBe('stop');
      expect(whole.usage?.prompt_tokens).toBeGreaterThan(0);

      const final = await client.chat.completions
        .stream({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Say exactly: streamed words here' }], stream_options: { include_usage: true } })
        .finalChatCompletion();
      expect(final.choices[0]?.message.content).toBe('streamed words here');
      expect(final.usage?.completion_tokens).toBeGreaterThan(0);

      const raw = await fetch(`${standIn.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
      });
      const text = await raw.text();
      expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const frames = text.split('\n\n').filter(Boolean);
      expect(frames.every((frame) => frame.startsWith('data: '))).toBe(true);
      expect(frames.at(-1)).toBe('data: [DONE]');
      const last = JSON.parse(frames.at(-2)!.slice(6)) as { choices: unknown[]; usage: { total_tokens: number } };
      expect(last.choices).toEqual([]);
      expect(last.usage.total_tokens).toBeGreaterThan(0);
    });

    it('calls a tool the prompt names, streamed by index, and acknowledges its result', async () => {
      const final = await client.chat.completions
        .stream({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Use get_weather for Oslo' }], tools: [weather] })
        .finalChatCompletion();
      const call = final.choices[0]?.message.tool_calls?.[0];
      expect(final.choices[0]?.finish_reason).toBe('tool_calls');
      expect(call?.type === 'function' && call.function).toEqual({ name: 'get_weather', arguments: '{"city":"value"}' });
      const next = await client.chat.completions.create({
        model: 'gpt-5-mini',
        messages: [{ role: 'user', content: 'Use get_weather' }, final.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: 'Sunny' }],
        tools: [weather],
      });
      expect(next.choices[0]?.message.content).toBe('Tool result received: Sunny');
    });
  });

  describe('Responses', () => {
    it('answers whole and streamed (typed events, response.completed with usage)', async () => {
      const whole = await client.responses.create({ model: 'gpt-5-mini', input: 'Say exactly: whole answer' });
      expect(whole.output_text).toBe('whole answer');
      expect(whole.usage?.input_tokens).toBeGreaterThan(0);
      const streamed = await client.responses.stream({ model: 'gpt-5-mini', input: 'Say exactly: streamed answer', instructions: 'Be brief.' }).finalResponse();
      expect(streamed.output_text).toBe('streamed answer');
      expect(streamed.status).toBe('completed');
      const tool = await client.responses
        .stream({ model: 'gpt-5-mini', input: 'Call get_weather', tools: [{ type: 'function', name: 'get_weather', parameters: weather.function.parameters, strict: false }] })
        .finalResponse();
      expect(tool.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'get_weather', arguments: '{"city":"value"}' })]);
    });

    it('cuts an answer at max_output_tokens as incomplete', async () => {
      const cut = await client.responses.create({ model: 'gpt-5-mini', input: 'x'.repeat(100), max_output_tokens: 16 });
      expect(cut.status).toBe('incomplete');
      expect(cut.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    });
  });

  describe('keys and models', () => {
    it('refuses a missing or wrong key with 401 in OpenAI shape', async () => {
      for (const apiKey of ['sk-wrong-key']) {
        const wrong = new OpenAI({ apiKey, baseURL: `${standIn.url}/v1`, maxRetries: 0 });
        const error = await wrong.models.list().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
        expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('invalid_api_key');
      }
      const none = await fetch(`${standIn.url}/v1/models`);
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ error: { message: expect.stringMatching(/didn't provide an API key/), type: 'invalid_request_error', param: null, code: null } });
    });

    it('lists its models, a configured list, or none (404)', async () => {
      expect((await client.models.list()).data.map((model) => model.id)).toEqual(['gpt-5-mini', 'gpt-5', 'gpt-4.1-nano']);
      standIn.setModels([{ id: 'qwen3:8b', created: 0, owned_by: 'library' }]);
      expect((await client.models.list()).data).toEqual([{ id: 'qwen3:8b', created: 0, owned_by: 'library', object: 'model' }]);
      standIn.setModels(null);
      expect(await client.models.list().catch((caught: unknown) => caught)).toBeInstanceOf(OpenAI.NotFoundError);
      standIn.setModels([{ id: 'gpt-5-mini', created: 1754425777, owned_by: 'system' }]);
    });

    it('answers a bad body with 400 naming the field', async () => {
      const error = await client.chat.completions.create({ model: 'gpt-5-mini', messages: [] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.APIError>).param).toBe('messages');
    });
  });

  describe('scripted failures', () => {
    it('answers a rate limit with retry-after and the x-ratelimit headers, a used-up quota without them', async () => {
      standIn.failNext({ status: 429 }, { status: 429, code: 'insufficient_quota' });
      const limited = (await client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
      expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
      expect(limited.code).toBe('rate_limit_exceeded');
      expect(limited.headers?.get('retry-after')).toBe('20');
      expect(limited.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
      const quota = (await client.responses.create({ model: 'gpt-5-mini', input: 'hi' }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
      expect(quota).toBeInstanceOf(OpenAI.RateLimitError);
      expect(quota.code).toBe('insufficient_quota');
      expect(quota.headers?.get('retry-after')).toBeNull();
    });

    it('answers 5xx, and breaks a stream with an error event after N deltas', async () => {
      standIn.failNext({ status: 503 });
      expect(await client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught)).toBeInstanceOf(OpenAI.InternalServerError);

      standIn.failNext({ midStreamErrorAfterDeltas: 1 });
      const chat = await client.chat.completions.stream({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Say exactly: one two three four five six' }] }).finalChatCompletion().catch((caught: unknown) => caught);
      expect(chat).toBeInstanceOf(OpenAI.APIError);
      expect((chat as Error).message).toMatch(/The server had an error/);

      standIn.failNext({ midStreamErrorAfterDeltas: 1, code: 'rate_limit_exceeded', message: 'Slow down' });
      const events: string[] = [];
      const responses = await (async () => {
        for await (const event of await client.responses.create({ model: 'gpt-5-mini', input: 'Say exactly: one two three four five six', stream: true })) events.push(event.type);
      })().catch((caught: unknown) => caught);
      expect(responses).toBeInstanceOf(OpenAI.APIError);
      expect((responses as Error).message).toMatch(/Slow down/);
      expect(events).toContain('response.output_text.delta');
    });
  });
});
