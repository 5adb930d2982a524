import { describe, expect, it } from 'vitest';
import { translateAll } from '../../wire/stream-translator.js';
import { assembledBySdks } from '../__fixtures__/sdk-clients.js';
import { chatSse, recordedLines } from '../__fixtures__/recorded.js';
import { chatStreamToIr } from './chat-stream-to-ir.js';

/** What chatStreamToIr reads from an upstream must render as a valid stream for every client format's SDK. */
describe('a Chat upstream stream, read into the IR, rendered for each client', () => {
  it('gives every SDK the recorded text and token counts', async () => {
    const recorded = recordedLines('./__fixtures__/openai-text.chunks.txt', import.meta.url);
    const text = recorded.map((chunk) => ((chunk['choices'] as Array<{ delta?: { content?: string } }>)[0]?.delta?.content ?? '')).join('');
    const events = translateAll(chatStreamToIr(), chatSse(recorded));
    const seen = await assembledBySdks(events);
    expect(seen.chat).toMatchObject({ text, finishReason: 'stop', usage: { prompt_tokens: 16, completion_tokens: 300 } });
    expect(seen.responses).toMatchObject({ text, status: 'completed', usage: { input_tokens: 16, output_tokens: 300 } });
    expect(seen.anthropic).toMatchObject({ text, stopReason: 'end_turn', usage: { input_tokens: 16, output_tokens: 300 } });
  });

  it('gives every SDK the tool calls of a streamed tool turn', async () => {
    const chunk = (delta: object, finish: string | null = null) => ({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
    const events = translateAll(
      chatStreamToIr(),
      chatSse([
        chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] }),
        chunk({}, 'tool_calls'),
        { id: 'c', model: 'm', choices: [], usage: { prompt_tokens: 9, completion_tokens: 4 } },
      ]),
    );
    const seen = await assembledBySdks(events, [{ name: 'lookup' }]);
    expect(seen.chat.toolCalls).toEqual([{ name: 'lookup', arguments: '{"q":"x"}' }]);
    expect(seen.chat.finishReason).toBe('tool_calls');
    expect(seen.responses.toolCalls).toEqual([{ name: 'lookup', arguments: '{"q":"x"}' }]);
    expect(seen.anthropic).toMatchObject({ toolCalls: [{ name: 'lookup', input: { q: 'x' } }], stopReason: 'tool_use' });
  });
});
