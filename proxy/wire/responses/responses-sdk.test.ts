import OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { formatFetch, type Answer } from '../__fixtures__/format-fetch.js';
import type { IREvent, IRRequest } from '../ir.js';
import { usage } from './__fixtures__/kit.js';
import { responsesFormat } from './responses-format.js';

/** The official openai SDK reads what Switchboard renders: its fetch answers with our parser and renderers. */
function clientAnswering(answer: (request: IRRequest) => Answer) {
  const { fetch, served } = formatFetch(responsesFormat, answer, { responseId: 'resp_sdk' });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://switchboard.test/v1', fetch, maxRetries: 0 });
  return { client, served };
}

const weather: Tool = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false };

const reasonedToolCall: IREvent[] = [
  { type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-6', usage: usage() },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Thinking about it.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig-1' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: "I'll use " },
  { type: 'text-delta', index: 1, text: 'get_weather.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: usage({ inputTokens: 20, cacheReadTokens: 5, outputTokens: 12 }) },
];

describe('the openai SDK reading Switchboard responses', () => {
  it('streams through responses.stream(): events, snapshots and finalResponse()', async () => {
    const { client } = clientAnswering(() => reasonedToolCall);
    const stream = client.responses.stream({ model: 'claude-sonnet-4-6', input: 'Weather in Paris?', tools: [weather], reasoning: { effort: 'medium', summary: 'auto' } });
    const snapshots: string[] = [];
    stream.on('response.output_text.delta', (event) => snapshots.push(event.snapshot));
    const seen: string[] = [];
    for await (const event of stream) seen.push(event.type);
    const response = await stream.finalResponse();

    expect(seen[0]).toBe('response.created');
    expect(seen.at(-1)).toBe('response.completed');
    expect(snapshots).toEqual(["I'll use ", "I'll use get_weather."]);
    expect(response.status).toBe('completed');
    expect(response.model).toBe('claude-sonnet-4-6');
    expect(response.output_text).toBe("I'll use get_weather.");
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    const [reasoning, , call] = response.output;
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking about it.' }], encrypted_content: expect.stringMatching(/^sb1:/) });
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', call_id: 'toolu_1', arguments: '{"city":"Paris"}' });
    expect(response.usage).toMatchObject({ input_tokens: 25, input_tokens_details: { cached_tokens: 5 }, output_tokens: 12, total_tokens: 37 });
  });

  it('answers responses.create() without streaming, and the SDK computes output_text', async () => {
    const { client, served } = clientAnswering(() => reasonedToolCall);
    const response = await client.responses.create({ model: 'claude-sonnet-4-6', input: 'Weather in Paris?', tools: [weather] });
    expect(served[0]!.request.stream).toBe(false);
    expect(response.object).toBe('response');
    expect(response.output_text).toBe("I'll use get_weather.");
    expect(response.output[2]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' });
  });

  it('sends the output back as input with the thinking signature intact (a tool round trip)', async () => {
    const { client, served } = clientAnswering(() => reasonedToolCall);
    const params = { model: 'claude-sonnet-4-6', tools: [weather], include: ['reasoning.encrypted_content' as const], store: false };
    const first = await client.responses.stream({ ...params, input: 'Weather in Paris?' }).finalResponse();
    const call = first.output.find((item) => item.type === 'function_call');
    await client.responses.create({
      ...params,
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...(first.output as ResponseInputItem[]),
        { type: 'function_call_output', call_id: call!.call_id, output: 'Sunny' },
      ],
    });
    expect(served[1]!.request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Thinking about it.', signature: 'sig-1' },
          { type: 'text', text: "I'll use get_weather." },
          { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] },
    ]);
  });

  it('streams a custom tool call the SDK assembles from input deltas', async () => {
    const { client } = clientAnswering(() => [
      { type: 'message-start', id: 'm', model: 'claude', usage: null },
      { type: 'tool-call-start', index: 0, id: 'toolu_p', name: 'apply_patch' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"input":"*** Begin' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ' Patch\\n*** End Patch"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: usage() },
    ]);
    const stream = client.responses.stream({
      model: 'claude-sonnet-4-6',
      input: 'Patch it',
      tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } }],
    });
    const deltas: string[] = [];
    stream.on('response.custom_tool_call_input.delta', (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    expect(deltas.join('')).toBe('*** Begin Patch\n*** End Patch');
    expect(response.output).toEqual([
      { id: 'ctc_sdk_0', type: 'custom_tool_call', status: 'completed', call_id: 'toolu_p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
    ]);
  });

  it('rejects with the error a stream ended in, as it does for the real API', async () => {
    const { client } = clientAnswering(() => [
      { type: 'message-start', id: 'm', model: 'claude', usage: null },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Par' },
      { type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded' } },
    ]);
    const error = await client.responses
      .stream({ model: 'claude-sonnet-4-6', input: 'x' })
      .finalResponse()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('Overloaded');
  });

  it('raises the SDK error class that matches an error answered before streaming', async () => {
    const { client } = clientAnswering(() => ({ error: { kind: 'rate_limit', status: 429, message: 'Rate limited: try again in 3s' } }));
    const error = await client.responses.create({ model: 'claude-sonnet-4-6', input: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'rate_limit_error', message: expect.stringContaining('try again in 3s') });
  });
});
