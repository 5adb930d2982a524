import { describe, expect, it } from 'vitest';
import type { IREvent } from '../ir.js';
import { contextFor, recordedJson, recordedStreams, renderStream, usage, type JsonObject } from './__fixtures__/kit.js';
import { renderResponsesResponse } from './render-responses-response.js';
import { renderResponsesError } from './responses-error.js';

/**
 * Our events must carry every field the real API sends in the same event (the recorded streams are the
 * reference), so clients that read any of them find it. Extra fields of ours are allowed.
 */

/** Fields of the real stream Switchboard does not produce, and why. */
const NOT_PRODUCED = new Set([
  'obfuscation', // OpenAI's padding against length side channels
  'caller', // programmatic tool calling, an OpenAI-hosted feature
  'phase', // commentary / final_answer labels of newer GPT models
  'billing', // OpenAI billing information
  'prompt_cache_retention',
  'content', // on reasoning items: raw reasoning text, which Switchboard sends as the summary
]);

/** Field names of an event, with the fields of its nested item / part / response as `item.id` etc. */
function fieldsOf(event: JsonObject): Set<string> {
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(event)) {
    if (NOT_PRODUCED.has(key)) continue;
    fields.add(key);
    if ((key === 'item' || key === 'part' || key === 'response' || key === 'error') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (NOT_PRODUCED.has(inner)) continue;
        fields.add(`${key}.${inner}`);
        if (inner === 'usage' && innerValue) for (const usageKey of Object.keys(innerValue)) fields.add(`${key}.usage.${usageKey}`);
      }
    }
  }
  return fields;
}

/** An event's kind for comparison: its type, and its item's type where it has one. */
function kindOf(event: JsonObject): string {
  const item = event['item'] as JsonObject | undefined;
  return item ? `${String(event['type'])}:${String(item['type'])}` : String(event['type']);
}

function fieldsByKind(events: JsonObject[]): Map<string, Set<string>> {
  const byKind = new Map<string, Set<string>>();
  for (const event of events) {
    const fields = byKind.get(kindOf(event)) ?? new Set<string>();
    fieldsOf(event).forEach((field) => fields.add(field));
    byKind.set(kindOf(event), fields);
  }
  return byKind;
}

const context = contextFor({
  tools: [
    { type: 'function', name: 'calculator', parameters: { type: 'object' } },
    { type: 'namespace', name: 'get_weather', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] },
    { type: 'custom', name: 'write_sql', format: { type: 'grammar', syntax: 'regex', definition: 'SELECT .+' } },
  ],
  reasoning: { effort: 'high', summary: 'detailed' },
});

const everyKind: IREvent[] = [
  { type: 'message-start', id: 'm', model: 'claude', usage: null },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Plan.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Hi.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'c1', name: 'calculator' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"a":1}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-start', index: 3, id: 'c2', name: 'get_weather__get_weather' },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '{}' },
  { type: 'tool-call-end', index: 3 },
  { type: 'tool-call-start', index: 4, id: 'c3', name: 'write_sql' },
  { type: 'tool-call-delta', index: 4, argumentsDelta: '{"input":"SELECT 1"}' },
  { type: 'tool-call-end', index: 4 },
  { type: 'finish', stopReason: 'tool_use', stopSequence: null, usage: usage() },
];

describe('compatibility with recorded OpenAI Responses streams', () => {
  const ours = fieldsByKind(renderStream(context, everyKind).map((event) => event.data));
  const failed = fieldsByKind(renderStream(context, [everyKind[0]!, { type: 'error', error: { kind: 'rate_limit', status: 429, message: 'Slow down' } }]).map((event) => event.data));

  const recorded = [
    'openai-reasoning-encrypted-content.1.chunks.txt',
    'openai-custom-tool.1.chunks.txt',
    'openai-tool-search.1.chunks.txt',
    'openai-error.1.chunks.txt',
  ].flatMap((name) => recordedStreams(name).flat());

  const real = fieldsByKind(recorded);
  const compared = [...real.keys()].filter((kind) => ours.has(kind) || failed.has(kind));

  it('covers the event kinds Switchboard emits', () => {
    expect(compared).toEqual(
      expect.arrayContaining([
        'response.created',
        'response.in_progress',
        'response.completed',
        'response.failed',
        'error',
        'response.output_item.added:reasoning',
        'response.output_item.done:reasoning',
        'response.reasoning_summary_part.added',
        'response.reasoning_summary_text.delta',
        'response.reasoning_summary_text.done',
        'response.reasoning_summary_part.done',
        'response.output_item.added:message',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done:message',
        'response.output_item.added:function_call',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done:function_call',
        'response.output_item.added:custom_tool_call',
        'response.custom_tool_call_input.delta',
        'response.output_item.done:custom_tool_call',
      ]),
    );
  });

  it.each(compared)('%s carries every field of the real event', (kind) => {
    const mine = ours.get(kind) ?? failed.get(kind) ?? new Set<string>();
    // The real API can send a reasoning item's encrypted_content on output_item.added; Switchboard knows the
    // signature only at the end of the part, so it is sent on output_item.done, the item clients keep.
    const expected = [...(real.get(kind) ?? [])].filter((field) => !(kind === 'response.output_item.added:reasoning' && field === 'item.encrypted_content'));
    expect([...mine].sort()).toEqual(expect.arrayContaining(expected.sort()));
  });

  it('renders the non-streaming body with every field of the real one', () => {
    const body = renderResponsesResponse(
      {
        id: 'm',
        upstreamModel: 'claude',
        content: [
          { type: 'reasoning', text: 'Plan.', signature: 'sig' },
          { type: 'text', text: 'Hi.' },
          { type: 'tool-call', id: 'c1', name: 'calculator', arguments: '{}' },
        ],
        stopReason: 'tool_use',
        stopSequence: null,
        usage: usage(),
      },
      context,
    ) as unknown as JsonObject;
    const real = recordedJson('openai-reasoning-encrypted-content.1.json');
    const missing = Object.keys(real).filter((key) => !NOT_PRODUCED.has(key) && !(key in body));
    expect(missing).toEqual([]);
    expect(Object.keys(body.usage as JsonObject)).toEqual(expect.arrayContaining(Object.keys(real['usage'] as JsonObject)));
  });

  it('renders error bodies in the real shape', () => {
    const real = recordedJson('openai-error.1.json') as { error: JsonObject };
    const body = renderResponsesError({ kind: 'rate_limit', status: 429, message: 'Slow down' }, 'req_1');
    expect(Object.keys(body.error).sort()).toEqual(Object.keys(real.error).sort());
    expect(body).toEqual({ error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
  });
});
