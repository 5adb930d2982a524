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
      expect(call?.type === 'function' && call.function).toEqual({ name: 'get_weather', arguments: '{"city":"Oslo"}' });
      const next = await client.chat.completions.create({
        model: 'gpt-5-mini',
        messages: [{ role: 'user', content: 'Use get_weather' }, final.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: 'Sunny' }],
        tools: [weather],
      });
      expect(next.choices[0]?.message.content).toBe('Tool result received: Sunny');
      const recalled = await client.chat.completions.create({
        model: 'gpt-5-mini',
        messages: [...[{ role: 'user' as const, content: 'Use get_weather' }, final.choices[0]!.message, { role: 'tool' as const, tool_call_id: call!.id, content: 'Sunny' }], next.choices[0]!.message, { role: 'user', content: 'What was the earlier tool result?' }],
        tools: [weather],
      });
      expect(recalled.choices[0]?.message.content).toBe('The earlier tool result was: Sunny');
    });

    it('refuses a tool result that answers no call, and a call left unanswered, as the real API does', async () => {
      const call = { id: 'call_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{}' } };
      const orphan = await client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_2', content: 'Sunny' }] }).catch((caught: unknown) => caught);
      expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
      expect((orphan as Error).message).toMatch(/must be a response to a preceeding message with 'tool_calls'/);
      const unanswered = await client.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'user', content: 'and?' }] }).catch((caught: unknown) => caught);
      expect(unanswered).toBeInstanceOf(OpenAI.BadRequestError);
      expect((unanswered as Error).message).toMatch(/did not have response messages: call_1/);
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

    it('refuses a function_call_output that answers no call in the input, and a call without its output', async () => {
      const call = { type: 'function_call' as const, call_id: 'call_1', name: 'get_weather', arguments: '{}' };
      const orphan = await client.responses.create({ model: 'gpt-5-mini', input: [{ role: 'user', content: 'hi' }, call, { type: 'function_call_output', call_id: 'call_2', output: 'Sunny' }] }).catch((caught: unknown) => caught);
      expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
      expect((orphan as Error).message).toMatch(/No tool call found for function call output with call_id call_2/);
      const unanswered = await client.responses.create({ model: 'gpt-5-mini', input: [{ role: 'user', content: 'hi' }, call, { role: 'user', content: 'and?' }] }).catch((caught: unknown) => caught);
      expect(unanswered).toBeInstanceOf(OpenAI.BadRequestError);
      expect((unanswered as Error).message).toMatch(/No tool output found for function call call_1/);
      const recalled = await client.responses.create({ model: 'gpt-5-mini', input: [{ role: 'user', content: 'hi' }, call, { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' }, { role: 'user', content: 'Repeat the earlier tool result.' }] });
      expect(recalled.output_text).toBe('The earlier tool result was: Sunny');
    });

    it('calls every tool the prompt names "in parallel", and acknowledges all the results that end the input', async () => {
      const tools = ['get_weather', 'get_time'].map((name) => ({ type: 'function' as const, name, parameters: weather.function.parameters, strict: false }));
      const input = [{ role: 'user' as const, content: 'Use get_weather and get_time for Oslo, in parallel' }];
      const calls = (await client.responses.create({ model: 'gpt-5-mini', input, tools })).output.flatMap((item) => (item.type === 'function_call' ? [item] : []));
      expect(calls.map((item) => [item.name, item.arguments])).toEqual([['get_weather', '{"city":"Oslo"}'], ['get_time', '{"city":"Oslo"}']]);
      const outputs = calls.map((item, index) => ({ type: 'function_call_output' as const, call_id: item.call_id, output: `result ${index}` }));
      const answer = await client.responses.create({ model: 'gpt-5-mini', input: [...input, ...calls.map(({ id: _id, ...item }) => item), ...outputs], tools });
      expect(answer.output_text).toBe('Tool result received: result 0\nresult 1');
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

    /** The same faults the Anthropic stand-in scripts (scripted-faults.ts), on both APIs, streamed and whole. */
    const post = (path: string, body: object, signal?: AbortSignal) =>
      fetch(`${standIn.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual', ...(signal ? { signal } : {}) });
    const PROMPT = 'Say exactly: one two three four five six seven eight';
    const APIS = [
      { path: '/v1/chat/completions', body: (stream: boolean) => ({ model: 'gpt-5-mini', messages: [{ role: 'user', content: PROMPT }], stream }), delta: '"delta":{"content":', ending: 'data: [DONE]' },
      { path: '/v1/responses', body: (stream: boolean) => ({ model: 'gpt-5-mini', input: PROMPT, stream }), delta: 'event: response.output_text.delta', ending: 'event: response.completed' },
    ];
    const count = (text: string, part: string) => text.split(part).length - 1;

    for (const api of APIS) {
      describe(api.path, () => {
        it('ends a stream after its first delta without its ending, and a body in its middle, cleanly', async () => {
          standIn.failNext({ breakAnswer: 'truncated' }, { breakAnswer: 'truncated' });
          const stream = await (await post(api.path, api.body(true))).text();
          expect([count(stream, api.delta), stream.includes(api.ending), stream.endsWith('\n\n')]).toEqual([1, false, true]);
          const body = await (await post(api.path, api.body(false))).text();
          expect(() => JSON.parse(body)).toThrow();
        });

        it('sends a frame that is not JSON after the first delta (and goes on), and a binary body labelled JSON', async () => {
          standIn.failNext({ breakAnswer: 'malformed' }, { breakAnswer: 'malformed' });
          const stream = await (await post(api.path, api.body(true))).text();
          const frames = stream.split('\n\n').filter(Boolean);
          expect(frames.filter((frame) => !/^(event: .*\n)?data: (\[DONE\]|\{.*\})$/s.test(frame))).toHaveLength(1);
          expect(stream).toContain(api.ending);
          const body = await post(api.path, api.body(false));
          expect(body.headers.get('content-type')).toBe('application/json');
          expect(new Uint8Array(await body.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
        });

        it('sends a delta, and a body, of the size it is told', async () => {
          standIn.failNext({ breakAnswer: 'oversized', oversizedBytes: 1000 }, { breakAnswer: 'oversized', oversizedBytes: 1000 });
          const stream = await (await post(api.path, api.body(true))).text();
          expect(stream).toContain(`"${'x'.repeat(1000)}"`);
          expect(stream).toContain(api.ending);
          const body = (await (await post(api.path, api.body(false))).json()) as { padding: string };
          expect(body.padding).toHaveLength(1000);
        });

        it('resets the connection in the middle of a stream and of a body', async () => {
          standIn.failNext({ breakAnswer: 'reset' }, { breakAnswer: 'reset' });
          await expect((await post(api.path, api.body(true))).text()).rejects.toThrow();
          await expect((await post(api.path, api.body(false))).text()).rejects.toThrow();
        });

        it('stalls a stream in the middle of the frame after the first delta, until its client leaves', async () => {
          const before = standIn.abortedRequests;
          standIn.failNext({ breakAnswer: 'stall' });
          const controller = new AbortController();
          const reader = (await post(api.path, api.body(true), controller.signal)).body!.getReader();
          const decoder = new TextDecoder();
          let text = '';
          while (!(text.includes(api.delta) && !text.endsWith('\n\n'))) text += decoder.decode((await reader.read()).value, { stream: true });
          controller.abort();
          await standIn.waitForAbortedRequests(before + 1);
          expect(text).not.toContain(api.ending);
        });

        it('never answers when the headers never come, until its client leaves', async () => {
          const [before, received] = [standIn.abortedRequests, standIn.requests.length];
          standIn.failNext({ breakAnswer: 'headers-never-come' });
          const controller = new AbortController();
          const request = post(api.path, api.body(false), controller.signal);
          await expect.poll(() => standIn.requests.length).toBe(received + 1);
          controller.abort();
          await expect(request).rejects.toThrow();
          await standIn.waitForAbortedRequests(before + 1);
        });

        it('redirects, and answers a gateway page that is not JSON, before looking at the key', async () => {
          standIn.failNext({ redirectTo: 'http://127.0.0.1:9/v1/x' }, { gatewayPage: 502 });
          const redirected = await fetch(`${standIn.url}${api.path}`, { method: 'POST', body: '{}', redirect: 'manual' });
          expect([redirected.status, redirected.headers.get('location')]).toEqual([307, 'http://127.0.0.1:9/v1/x']);
          const page = await fetch(`${standIn.url}${api.path}`, { method: 'POST', body: '{}' });
          expect([page.status, page.headers.get('content-type')]).toEqual([502, 'text/html']);
          expect(await page.text()).toMatch(/^<html>/);
        });
      });
    }

    it('refuses connections until told to listen again, on the same port', async () => {
      const listenAgain = await standIn.refuseConnections();
      await expect(fetch(`${standIn.url}/v1/models`)).rejects.toThrow(/fetch failed/);
      await listenAgain();
      expect((await fetch(`${standIn.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
    });
  });
});
