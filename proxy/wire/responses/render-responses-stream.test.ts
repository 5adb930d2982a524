import { describe, expect, it } from 'vitest';
import type { IREvent } from '../ir.js';
import { translateAll } from '../stream-translator.js';
import { contextFor, renderStream, usage, type JsonObject, type RenderedEvent } from './__fixtures__/kit.js';
import { parseResponsesRequest } from './parse-responses-request.js';
import { decodeReasoningSecrets } from './reasoning-signature.js';
import { responsesStreamRenderer } from './render-responses-stream.js';

const start: IREvent = { type: 'message-start', id: 'msg_up', model: 'claude-sonnet-4-6-20260101', usage: usage({ outputTokens: 1 }) };
const done = (stopReason: Extract<IREvent, { type: 'finish' }>['stopReason'] = 'end_turn'): IREvent => ({ type: 'finish', stopReason, stopSequence: null, usage: usage() });

const types = (events: RenderedEvent[]) => events.map((event) => event.event);
const ofType = (events: RenderedEvent[], type: string) => events.filter((event) => event.event === type).map((event) => event.data);
const terminal = (events: RenderedEvent[]) => events.at(-1)!.data['response'] as JsonObject;

const codexTools = {
  tools: [
    { type: 'function', name: 'shell', parameters: { type: 'object', properties: { command: { type: 'array' } } }, strict: false },
    { type: 'namespace', name: 'files', description: 'File tools', tools: [{ type: 'function', name: 'read', parameters: { type: 'object' } }] },
    { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
  ],
};

describe('responsesStreamRenderer', () => {
  it('streams text as a message item, names every event after its type and numbers it', () => {
    const events = renderStream(contextFor({}), [
      start,
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hel' },
      { type: 'text-delta', index: 0, text: 'lo' },
      { type: 'text-end', index: 0 },
      done(),
    ]);
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.every((event) => event.event === event.data['type'])).toBe(true);
    expect(events.map((event) => event.data['sequence_number'])).toEqual(events.map((_, index) => index));

    const where = { item_id: 'msg_test_0', output_index: 0, content_index: 0 };
    expect(events[2]!.data).toEqual({
      type: 'response.output_item.added',
      sequence_number: 2,
      output_index: 0,
      item: { id: 'msg_test_0', type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    });
    expect(events[3]!.data).toEqual({ type: 'response.content_part.added', sequence_number: 3, ...where, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
    expect(events[4]!.data).toEqual({ type: 'response.output_text.delta', sequence_number: 4, ...where, delta: 'Hel', logprobs: [] });
    expect(events[6]!.data).toEqual({ type: 'response.output_text.done', sequence_number: 6, ...where, text: 'Hello', logprobs: [] });
    expect(events[7]!.data['part']).toEqual({ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] });
    const message = { id: 'msg_test_0', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }] };
    expect(events[8]!.data['item']).toEqual(message);
    expect(terminal(events)).toMatchObject({ id: 'resp_test', object: 'response', status: 'completed', model: 'claude-sonnet-4-6', output: [message], error: null, incomplete_details: null });
  });

  it('opens with the response object echoing the request, as the real API does', () => {
    const context = contextFor({
      ...codexTools,
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning: { effort: 'low', summary: 'auto' },
      text: { format: { type: 'text' }, verbosity: 'low' },
      store: false,
      temperature: 0.5,
      max_output_tokens: 900,
      prompt_cache_key: 'conv-1',
      metadata: { run: '7' },
    });
    const [created, inProgress] = renderStream(context, [start]);
    expect(created!.data).toEqual({
      type: 'response.created',
      sequence_number: 0,
      response: {
        id: 'resp_test',
        object: 'response',
        created_at: 1_760_000_000,
        completed_at: null,
        status: 'in_progress',
        background: false,
        frequency_penalty: 0,
        presence_penalty: 0,
        error: null,
        incomplete_details: null,
        instructions: null,
        max_output_tokens: 900,
        max_tool_calls: null,
        model: 'claude-sonnet-4-6',
        output: [],
        parallel_tool_calls: false,
        previous_response_id: null,
        prompt_cache_key: 'conv-1',
        reasoning: { effort: 'low', summary: 'auto' },
        safety_identifier: null,
        service_tier: 'default',
        store: false,
        temperature: 0.5,
        text: { format: { type: 'text' }, verbosity: 'low' },
        tool_choice: 'auto',
        tools: codexTools.tools,
        top_logprobs: 0,
        top_p: 1,
        truncation: 'disabled',
        usage: null,
        user: null,
        metadata: { run: '7' },
      },
    });
    expect(inProgress!.data).toMatchObject({ type: 'response.in_progress', sequence_number: 1, response: { status: 'in_progress' } });
  });

  it('streams reasoning as a summary and keeps the signature in encrypted_content, which parses back', () => {
    const context = contextFor({});
    const events = renderStream(context, [
      start,
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Thinking ' },
      { type: 'reasoning-delta', index: 0, text: 'about it.' },
      { type: 'reasoning-signature', index: 0, signature: 'EqQBCkYIBxgCKkD' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Answer.' },
      { type: 'text-end', index: 1 },
      done(),
    ]);
    expect(types(events).slice(2, 9)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    const where = { item_id: 'rs_test_0', output_index: 0, summary_index: 0 };
    expect(events[2]!.data['item']).toEqual({ id: 'rs_test_0', type: 'reasoning', summary: [] });
    expect(events[3]!.data).toMatchObject({ ...where, part: { type: 'summary_text', text: '' } });
    expect(events[4]!.data).toMatchObject({ ...where, delta: 'Thinking ' });
    expect(events[6]!.data).toMatchObject({ ...where, text: 'Thinking about it.' });
    expect(events[7]!.data).toMatchObject({ ...where, part: { type: 'summary_text', text: 'Thinking about it.' } });
    const reasoning = events[8]!.data['item'] as { encrypted_content: string };
    expect(reasoning).toEqual({ id: 'rs_test_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking about it.' }], encrypted_content: expect.stringMatching(/^sb1:/) });
    expect(decodeReasoningSecrets(reasoning.encrypted_content)).toEqual({ signature: 'EqQBCkYIBxgCKkD' });
    expect(ofType(events, 'response.output_item.added')[1]).toMatchObject({ output_index: 1, item: { id: 'msg_test_1', type: 'message' } });

    // The client sends the output back as input: the thinking comes back with its signature.
    const output = terminal(events)['output'] as unknown[];
    const next = parseResponsesRequest({ model: 'm', input: [{ role: 'user', content: 'Q' }, ...output, { role: 'user', content: 'More' }] });
    expect(next.request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Thinking about it.', signature: 'EqQBCkYIBxgCKkD' },
        { type: 'text', text: 'Answer.' },
      ],
    });
  });

  it('keeps redacted thinking (encrypted only) and emits no summary events for it', () => {
    const events = renderStream(contextFor({}), [start, { type: 'reasoning-start', index: 0, encrypted: 'redacted-blob' }, { type: 'reasoning-end', index: 0 }, done()]);
    expect(types(events).slice(2, -1)).toEqual(['response.output_item.added', 'response.output_item.done']);
    const item = events[3]!.data['item'] as { encrypted_content: string };
    expect(item).toEqual({ id: 'rs_test_0', type: 'reasoning', summary: [], encrypted_content: expect.stringMatching(/^sb1:/) });
    expect(decodeReasoningSecrets(item.encrypted_content)).toEqual({ encrypted: 'redacted-blob' });
  });

  it('streams parallel function calls with their argument deltas, each under its own output index', () => {
    const events = renderStream(contextFor(codexTools), [
      start,
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'shell' },
      { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'shell' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"command":' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"command":["pwd"]}' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '["ls"]}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'tool-call-end', index: 0 },
      done('tool_use'),
    ]);
    expect(types(events).slice(2, -1)).toEqual([
      'response.output_item.added',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
    ]);
    expect(events[2]!.data['item']).toEqual({ id: 'fc_test_0', type: 'function_call', status: 'in_progress', call_id: 'toolu_1', name: 'shell', arguments: '' });
    expect(events[4]!.data).toMatchObject({ item_id: 'fc_test_0', output_index: 0, delta: '{"command":' });
    expect(events[5]!.data).toMatchObject({ item_id: 'fc_test_1', output_index: 1, delta: '{"command":["pwd"]}' });
    expect(events[9]!.data).toMatchObject({ item_id: 'fc_test_0', output_index: 0, arguments: '{"command":["ls"]}' });
    expect(terminal(events)['output']).toEqual([
      { id: 'fc_test_0', type: 'function_call', status: 'completed', call_id: 'toolu_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { id: 'fc_test_1', type: 'function_call', status: 'completed', call_id: 'toolu_2', name: 'shell', arguments: '{"command":["pwd"]}' },
    ]);
    expect(terminal(events)['status']).toBe('completed');
  });

  it('calls a namespace member by its own name and namespace', () => {
    const events = renderStream(contextFor(codexTools), [
      start,
      { type: 'tool-call-start', index: 0, id: 'toolu_r', name: 'files__read' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"path":"README.md"}' },
      { type: 'tool-call-end', index: 0 },
      done('tool_use'),
    ]);
    expect(ofType(events, 'response.output_item.added')[0]!['item']).toMatchObject({ type: 'function_call', name: 'read', namespace: 'files' });
    expect(ofType(events, 'response.output_item.done')[0]!['item']).toEqual({
      id: 'fc_test_0',
      type: 'function_call',
      status: 'completed',
      call_id: 'toolu_r',
      name: 'read',
      namespace: 'files',
      arguments: '{"path":"README.md"}',
    });
  });

  it('streams a custom tool call as the text of its input, decoding the JSON string as it arrives', () => {
    const events = renderStream(contextFor(codexTools), [
      start,
      { type: 'tool-call-start', index: 0, id: 'toolu_p', name: 'apply_patch' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"inp' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ut": "*** Begin Patch\\' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'n+caf\\u00' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'e9 \\"x\\" \\ud83d' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '\\ude00\\n*** End Patch"}' },
      { type: 'tool-call-end', index: 0 },
      done('tool_use'),
    ]);
    const patch = '*** Begin Patch\n+café "x" 😀\n*** End Patch';
    expect(types(events).slice(2, -1)).toEqual([
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
    ]);
    expect(events[2]!.data['item']).toEqual({ id: 'ctc_test_0', type: 'custom_tool_call', status: 'in_progress', call_id: 'toolu_p', name: 'apply_patch', input: '' });
    const deltas = ofType(events, 'response.custom_tool_call_input.delta').map((event) => event['delta']);
    expect(deltas).toEqual(['*** Begin Patch', '\n+caf', 'é "x" ', '😀\n*** End Patch']);
    expect(ofType(events, 'response.custom_tool_call_input.done')[0]).toMatchObject({ item_id: 'ctc_test_0', output_index: 0, input: patch });
    expect(ofType(events, 'response.output_item.done')[0]!['item']).toEqual({
      id: 'ctc_test_0',
      type: 'custom_tool_call',
      status: 'completed',
      call_id: 'toolu_p',
      name: 'apply_patch',
      input: patch,
    });
  });

  it('reports usage with cached input counted inside input_tokens, as OpenAI does', () => {
    const events = renderStream(contextFor({}), [
      start,
      { type: 'finish', stopReason: 'end_turn', stopSequence: null, usage: usage({ inputTokens: 100, cacheReadTokens: 50, cacheWriteTokens: 20, outputTokens: 30, reasoningTokens: 10 }) },
    ]);
    expect(terminal(events)['usage']).toEqual({
      input_tokens: 170,
      input_tokens_details: { cached_tokens: 50, cache_write_tokens: 20 },
      output_tokens: 30,
      output_tokens_details: { reasoning_tokens: 10 },
      total_tokens: 200,
    });
  });

  it('ends a response cut by the token limit with response.incomplete, and a refusal as content_filter', () => {
    const cut = renderStream(contextFor({}), [start, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Once upon' }, { type: 'text-end', index: 0 }, done('max_tokens')]);
    expect(cut.at(-1)!.event).toBe('response.incomplete');
    expect(terminal(cut)).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, error: null });
    expect(terminal(cut)['output']).toHaveLength(1);
    const refused = renderStream(contextFor({}), [start, done('refusal')]);
    expect(terminal(refused)).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });

  it('ends a stream that fails midway with an error event and response.failed, and ignores what follows', () => {
    const renderer = responsesStreamRenderer(contextFor({}));
    const state = renderer.initial();
    const frames = [start, { type: 'text-start', index: 0 } as const, { type: 'text-delta', index: 0, text: 'Par' } as const].flatMap((event) => renderer.step(state, event));
    const failure = renderer.step(state, { type: 'error', error: { kind: 'overloaded', status: 529, message: 'Overloaded' } });
    expect(failure.map((frame) => frame.event)).toEqual(['error', 'response.failed']);
    expect(JSON.parse(failure[0]!.data)).toEqual({
      type: 'error',
      sequence_number: frames.length,
      code: 'server_is_overloaded',
      message: 'Overloaded',
      param: null,
      error: { type: 'server_error', code: 'server_is_overloaded', message: 'Overloaded', param: null },
    });
    expect(JSON.parse(failure[1]!.data)).toMatchObject({
      type: 'response.failed',
      sequence_number: frames.length + 1,
      response: { status: 'failed', error: { code: 'server_is_overloaded', message: 'Overloaded' }, output: [] },
    });
    expect(renderer.step(state, { type: 'text-delta', index: 0, text: 'tial' })).toEqual([]);
    expect(renderer.end(state)).toEqual([]);
  });

  it('fails a stream that ends without finish, keeping the items already done', () => {
    const events = renderStream(contextFor({}), [start, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Hi' }, { type: 'text-end', index: 0 }]);
    expect(types(events).slice(-2)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)!.data).toMatchObject({ code: 'server_error', message: expect.stringContaining('ended before the response was complete') });
    expect(terminal(events)).toMatchObject({ status: 'failed', output: [{ type: 'message', content: [{ text: 'Hi' }] }] });
  });

  it('still opens the response before failing a stream that produced nothing', () => {
    const frames = translateAll(responsesStreamRenderer(contextFor({})), []);
    expect(frames.map((frame) => frame.event)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
  });

  it('fails an answer whose kept content grows past 16 MiB, instead of holding more of it', () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const deltas: IREvent[] = Array.from({ length: 17 }, () => ({ type: 'text-delta', index: 0, text: megabyte }));
    const events = renderStream(contextFor({}), [start, { type: 'text-start', index: 0 }, ...deltas, { type: 'text-end', index: 0 }, done()]);
    expect(ofType(events, 'response.output_text.delta')).toHaveLength(16);
    expect(types(events).slice(-2)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)!.data).toMatchObject({ code: 'server_error', message: 'The answer from the upstream is larger than 16 MiB, more than Switchboard holds for one answer' });
    expect(ofType(events, 'response.output_text.done')).toEqual([]);
  });

  it('ends parts the upstream left open before completing', () => {
    const events = renderStream(contextFor({}), [start, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Hi' }, done()]);
    expect(types(events).slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(terminal(events)['output']).toHaveLength(1);
  });
});
