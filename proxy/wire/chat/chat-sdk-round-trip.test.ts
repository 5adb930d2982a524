import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { formatFetch } from '../__fixtures__/format-fetch.js';
import { aggregateStream } from '../aggregate.js';
import type { IREvent } from '../ir.js';
import { formatSse, type SseFrame } from '../sse.js';
import { chatFormat } from './chat-format.js';
import { renderChatResponse } from './render-chat-response.js';

/**
 * The official openai SDK reads our stream: its own SSE decoder and its own chunk accumulation
 * (ChatCompletionStream) must assemble the same message that a non-streaming client gets.
 */

const events: IREvent[] = [
  { type: 'message-start', id: 'msg_1', model: 'claude-sonnet-4-6', usage: null },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Two cities, ' },
  { type: 'reasoning-delta', index: 0, text: 'two calls.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Checking ' },
  { type: 'text-delta', index: 1, text: 'both.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'call_a', name: 'get_weather' },
  { type: 'tool-call-start', index: 3, id: 'call_b', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '{"city":"Rome"}' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-end', index: 3 },
  {
    type: 'finish',
    stopReason: 'tool_use',
    stopSequence: null,
    usage: { inputTokens: 12, outputTokens: 40, cacheReadTokens: 300, cacheWriteTokens: 0, reasoningTokens: 9, estimated: false },
  },
];

const tools: OpenAI.Chat.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
];
const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris and Rome?' }];

/** Without `event:` lines, as OpenAI writes Chat streams. */
const bareSse = (frame: SseFrame) => `data: ${frame.data}\n\n`;

/** An SDK client whose "server" renders `stream` with our renderer for whatever body the SDK sent. */
function clientServing(stream: IREvent[], writeFrame: (frame: SseFrame) => string) {
  const { fetch, served } = formatFetch(chatFormat, () => stream, { responseId: 'chatcmpl-roundtrip', writeFrame });
  return { client: new OpenAI({ apiKey: 'test', baseURL: 'http://switchboard.test/v1', fetch, maxRetries: 0 }), served };
}

describe('the openai SDK reading our Chat stream', () => {
  for (const [name, writeFrame] of [
    ['as written by formatSse (with event: lines)', formatSse],
    ['without event: lines', bareSse],
  ] as const) {
    it(`assembles the message renderChatResponse renders (${name})`, async () => {
      const { client, served } = clientServing(events, writeFrame);
      const final = await client.chat.completions.stream({ model: 'gpt-5', messages, tools, stream_options: { include_usage: true } }).finalChatCompletion();
      const expected = renderChatResponse(await aggregateStream(events), served.at(-1)!);

      expect(final.id).toBe(expected.id);
      expect(final.model).toBe('gpt-5');
      expect(final.created).toBe(expected.created);
      const [choice] = final.choices;
      expect(choice?.finish_reason).toBe(expected.choices[0].finish_reason);
      expect(choice?.message.content).toBe(expected.choices[0].message.content);
      expect(choice?.message.tool_calls).toEqual(expected.choices[0].message.tool_calls);
      expect(final.usage).toEqual(expected.usage);
    });
  }

  it('yields plain chunks whose reasoning_content deltas add up to the non-streaming reasoning_content', async () => {
    const { client, served } = clientServing(events, formatSse);
    const stream = await client.chat.completions.create({ model: 'gpt-5', messages, stream: true });
    let reasoning = '';
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    }
    const expected = renderChatResponse(await aggregateStream(events), served.at(-1)!);
    expect(reasoning).toBe(expected.choices[0].message.reasoning_content);
    // Without include_usage no chunk carries usage, as with OpenAI.
    expect(served.at(-1)?.request.providerData).toEqual({ chat: { includeUsage: false } });
  });

  it('raises the error of a stream that failed midway', async () => {
    const failing: IREvent[] = [
      ...events.slice(0, 8),
      { type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded: try again shortly' } },
    ];
    const { client } = clientServing(failing, formatSse);
    const error = await client.chat.completions
      .stream({ model: 'gpt-5', messages })
      .finalChatCompletion()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/Overloaded: try again shortly/);
  });
});
