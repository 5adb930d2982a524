import { describe, expect, it } from 'vitest';
import { translateAll } from '../../wire/stream-translator.js';
import { assembledBySdks } from '../__fixtures__/sdk-clients.js';
import { recordedLines, responsesSse, type JsonObject } from '../__fixtures__/recorded.js';
import { responsesStreamToIr } from './responses-stream-to-ir.js';

/** What responsesStreamToIr reads from an upstream must render as a valid stream for every client format's SDK. */
describe('a Responses upstream stream, read into the IR, rendered for each client', () => {
  const streams: JsonObject[][] = [];
  for (const event of recordedLines('./__fixtures__/openai-reasoning-encrypted-content.1.chunks.txt', import.meta.url)) {
    if (event['type'] === 'response.created') streams.push([]);
    streams.at(-1)?.push(event);
  }

  it('gives every SDK the recorded tool call (reasoning with encrypted content before it)', async () => {
    const events = translateAll(responsesStreamToIr(), responsesSse(streams[0]!));
    const seen = await assembledBySdks(events, [{ name: 'calculator' }]);
    expect(seen.chat.toolCalls).toEqual([{ name: 'calculator', arguments: expect.stringMatching(/^\{.*\}$/) }]);
    expect(seen.chat.finishReason).toBe('tool_calls');
    expect(seen.responses.toolCalls).toEqual(seen.chat.toolCalls);
    expect(seen.anthropic).toMatchObject({ toolCalls: [{ name: 'calculator', input: expect.any(Object) }], stopReason: 'tool_use' });
  });

  it('gives every SDK the recorded final text and its token counts', async () => {
    const last = streams.at(-1)!;
    const usage = (last.at(-1)!['response'] as JsonObject)['usage'] as { input_tokens: number; output_tokens: number };
    const events = translateAll(responsesStreamToIr(), responsesSse(last));
    const seen = await assembledBySdks(events);
    expect(seen.chat).toMatchObject({ text: expect.stringMatching(/570/), finishReason: 'stop', usage: { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens } });
    expect(seen.responses).toMatchObject({ text: seen.chat.text, status: 'completed', usage: { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens } });
    expect(seen.anthropic).toMatchObject({ text: seen.chat.text, stopReason: 'end_turn', usage: { output_tokens: usage.output_tokens } });
  });
});
