import { describe, expect, it } from 'vitest';
import { aggregateStream } from '../../wire/aggregate.js';
import type { IREvent } from '../../wire/ir.js';
import { translateAll } from '../../wire/stream-translator.js';
import { recordedJson, recordedLines, responsesSse, type JsonObject } from '../__fixtures__/recorded.js';
import { responseToIr } from './response-to-ir.js';
import { responsesStreamToIr, type ResponsesStreamState } from './responses-stream-to-ir.js';

const base = import.meta.url;
const read = (events: JsonObject[]) => translateAll(responsesStreamToIr(), responsesSse(events));

/** A recorded file split into its streams (each begins with response.created). */
function streams(name: string): JsonObject[][] {
  const out: JsonObject[][] = [];
  for (const event of recordedLines(`./__fixtures__/${name}`, base)) {
    if (event['type'] === 'response.created') out.push([]);
    out.at(-1)?.push(event);
  }
  return out;
}

const created = { type: 'response.created', response: { id: 'resp_1', model: 'gpt-5-mini', status: 'in_progress', output: [] } };
const completed = (usage: JsonObject | null = { input_tokens: 10, output_tokens: 5 }, extra: JsonObject = {}) => ({
  type: 'response.completed',
  response: { id: 'resp_1', status: 'completed', output: [], usage, ...extra },
});

describe('responsesStreamToIr', () => {
  it('reads recorded reasoning with encrypted content: summary text, the final encrypted form, marked as OpenAI\'s', async () => {
    const [first] = streams('openai-reasoning-encrypted-content.1.chunks.txt');
    const events = read(first!);
    const doneItem = first!.find((event) => event['type'] === 'response.output_item.done' && (event['item'] as JsonObject)['type'] === 'reasoning')!['item'] as JsonObject;
    const start = events.find((event) => event.type === 'reasoning-start');
    expect(start).toEqual({ type: 'reasoning-start', index: 0, encrypted: doneItem['encrypted_content'], providerData: { responses: { encryptedBy: 'openai' } } });
    const response = await aggregateStream(events);
    expect(response.content[0]).toMatchObject({ type: 'reasoning', text: expect.stringMatching(/^\*\*Calculating step-by-step using calculator\*\*/) });
    expect(response.content.slice(1).map((part) => part.type)).toEqual(['tool-call']);
    expect(response.content[1]).toMatchObject({ type: 'tool-call', id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn', name: 'calculator', arguments: expect.stringMatching(/^\{.*\}$/) });
    expect(response.stopReason).toBe('tool_use');
    expect(response.usage.reasoningTokens).toEqual(expect.any(Number));
  });

  it('reads every recorded stream into a whole response; one text part per message item', async () => {
    const all = streams('openai-reasoning-encrypted-content.1.chunks.txt');
    const responses = await Promise.all(all.map((stream) => aggregateStream(read(stream))));
    expect(responses.map((response) => response.stopReason)).toEqual(['tool_use', 'tool_use', 'tool_use', 'end_turn']);
    expect(responses.at(-1)!.content).toEqual([{ type: 'text', text: expect.stringMatching(/570/) }]);
    // Two message items (commentary, then the answer): two text parts, each the text its item ended with.
    const phaseStream = streams('openai-phase.1.chunks.txt')[0]!;
    const doneTexts = phaseStream
      .filter((event) => event['type'] === 'response.output_item.done')
      .map((event) => ({ type: 'text', text: (((event['item'] as JsonObject)['content'] as JsonObject[])[0] as JsonObject)['text'] }));
    expect((await aggregateStream(read(phaseStream))).content).toEqual(doneTexts);
    expect(responseToIr(JSON.stringify(recordedJson('./__fixtures__/openai-phase.1.json', base))).content.map((part) => part.type)).toEqual(['text', 'text']);
  });

  it("skips a hosted tool's items (with one warning) and keeps the text after them", async () => {
    const translator = responsesStreamToIr();
    const state: ResponsesStreamState = translator.initial();
    const events = responsesSse(streams('openai-web-search-tool.1.chunks.txt')[0]!).flatMap((event) => translator.step(state, event));
    const response = await aggregateStream(events);
    expect(response.content.filter((part) => part.type === 'text')).toHaveLength(1);
    expect(state.warnings).toEqual([{ at: 'responses.stream', message: 'an output item of type "web_search_call" has no IR form; skipped' }]);
  });

  it('reads a custom tool call as a tool call whose arguments are {"input": …}', async () => {
    const response = await aggregateStream(read(streams('openai-custom-tool.1.chunks.txt')[0]!));
    const call = response.content.find((part) => part.type === 'tool-call');
    expect(call).toMatchObject({ type: 'tool-call', name: 'write_sql' });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ input: expect.stringMatching(/SELECT/) });
    expect(response.stopReason).toBe('tool_use');
  });

  it('reads by output_index, so item ids that change between events (GitHub Copilot) do not matter', async () => {
    const response = await aggregateStream(read(streams('github-copilot-id-rotation.1.chunks.txt')[0]!));
    expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'text']);
    expect((response.content[1] as { text: string }).text.length).toBeGreaterThan(20);
  });

  it("ends with the recorded error event's error (insufficient_quota), not the response.failed after it", () => {
    const events = read(streams('openai-error.1.chunks.txt')[0]!);
    expect(events).toEqual([
      { type: 'message-start', id: 'resp_05500b38c2cd9bfc00691c7c9d222481a3b595421266dab424', model: 'gpt-5-nano-2025-08-07', usage: null },
      { type: 'error', error: { kind: 'rate_limit', status: 429, message: expect.stringMatching(/^You exceeded your current quota/) } },
    ]);
    const failedOnly = read([created, { type: 'response.failed', response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'Something broke' } } }]);
    expect(failedOnly.at(-1)).toEqual({ type: 'error', error: { kind: 'api_error', status: 500, message: 'Something broke' } });
  });

  it('joins summary parts with a blank line, and streams reasoning at once when no encrypted form is coming', () => {
    const events = read([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [] } },
      { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 0, delta: 'First.' },
      { type: 'response.reasoning_summary_text.delta', output_index: 0, summary_index: 1, delta: 'Second.' },
      { type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [] } },
      completed(),
    ]);
    expect(events.slice(1, 5)).toEqual([
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'First.' },
      { type: 'reasoning-delta', index: 0, text: '\n\nSecond.' },
      { type: 'reasoning-end', index: 0 },
    ]);
  });

  it('maps usage (cached tokens out of input) and the end: incomplete for length or content filter, refusal', () => {
    const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 60 }, output_tokens: 40, output_tokens_details: { reasoning_tokens: 25 } };
    expect(read([created, completed(usage)]).at(-1)).toEqual({
      type: 'finish',
      stopReason: 'end_turn',
      stopSequence: null,
      usage: { inputTokens: 40, outputTokens: 40, cacheReadTokens: 60, cacheWriteTokens: 0, reasoningTokens: 25, estimated: false },
    });
    const incomplete = (reason: string) => read([created, { type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason }, usage } }]).at(-1);
    expect(incomplete('max_output_tokens')).toMatchObject({ type: 'finish', stopReason: 'max_tokens' });
    expect(incomplete('content_filter')).toMatchObject({ type: 'finish', stopReason: 'refusal' });
    const refusal = read([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { type: 'message', content: [] } },
      { type: 'response.refusal.delta', output_index: 0, delta: 'I cannot help.' },
      completed(),
    ]);
    expect(refusal.slice(1)).toEqual([
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'I cannot help.' },
      { type: 'text-end', index: 0 },
      expect.objectContaining({ type: 'finish', stopReason: 'refusal' }),
    ]);
  });

  it('takes items a server gives only whole (in output_item.done), not as deltas', async () => {
    const events = read([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { type: 'message', content: [] } },
      { type: 'response.output_item.done', output_index: 0, item: { type: 'message', content: [{ type: 'output_text', text: 'Whole.' }] } },
      { type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '' } },
      { type: 'response.output_item.done', output_index: 1, item: { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' } },
      completed(),
    ]);
    expect((await aggregateStream(events)).content).toEqual([
      { type: 'text', text: 'Whole.' },
      { type: 'tool-call', id: 'call_1', name: 'f', arguments: '{"a":1}' },
    ]);
  });

  it('ends with an IR error on malformed or out-of-order events, and on a stream cut short', () => {
    const last = (events: JsonObject[]): IREvent | undefined => read(events).at(-1);
    expect(last([{ type: 'response.output_text.delta', output_index: 0, delta: 'x' }])).toMatchObject({ type: 'error', error: { status: 502, message: expect.stringMatching(/before response.created/) } });
    expect(last([created, { type: 'response.output_text.delta', output_index: 3, delta: 'x' }])).toMatchObject({ error: { message: expect.stringMatching(/never added/) } });
    expect(last([created, { type: 'response.output_text.delta', output_index: 0 }])).toMatchObject({ error: { message: expect.stringMatching(/malformed response.output_text.delta event at delta/) } });
    expect(last([created, { type: 'response.output_item.added', output_index: 0, item: { type: 'function_call', name: 'f' } }])).toMatchObject({ error: { message: expect.stringMatching(/without its call_id/) } });
    expect(last([created, { type: 'response.output_item.added', output_index: 0, item: { type: 'message' } }, { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{' }])).toMatchObject({
      error: { message: expect.stringMatching(/function_call_arguments.delta for a text item/) },
    });
    expect(translateAll(responsesStreamToIr(), [{ event: 'response.created', data: '{"type":"response.cre' }]).at(-1)).toMatchObject({ error: { message: expect.stringMatching(/not JSON/) } });
    expect(last([created])).toMatchObject({ type: 'error', error: { message: expect.stringMatching(/ended before/) } });
  });

  it('skips event types it does not need (content parts, done texts, codex.* extras) and nothing after the end', () => {
    const events = read([created, { type: 'codex.rate_limits', plan: 'pro' }, { type: 'response.content_part.added', part: {} }, completed(), { type: 'response.output_item.added', output_index: 0, item: { type: 'message' } }]);
    expect(events.map((event) => event.type)).toEqual(['message-start', 'finish']);
  });
});
