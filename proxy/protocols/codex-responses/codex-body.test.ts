import { describe, expect, it } from 'vitest';
import { codexCompactBody, codexRequestBody, CODEX_STRIPPED_FIELDS, sessionHeaders } from './codex-body.js';

describe('the Codex backend\'s named body edits', () => {
  it('forces stream, store, instructions and encrypted reasoning, and strips every field the backend rejects', () => {
    const stripped = Object.fromEntries(CODEX_STRIPPED_FIELDS.map((field) => [field, 1]));
    const edited = codexRequestBody({ model: 'gpt-5.5', input: 'hi', stream: false, store: true, service_tier: 'flex', stream_options: { include_obfuscation: false }, include: ['file_search_call.results'], ...stripped });
    for (const field of CODEX_STRIPPED_FIELDS) expect(edited).not.toHaveProperty(field);
    expect(edited).toEqual({
      model: 'gpt-5.5',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      stream: true,
      store: false,
      instructions: '',
      include: ['file_search_call.results', 'reasoning.encrypted_content'],
    });
  });

  it('keeps a priority service tier, the reasoning summary delivery, and instructions given', () => {
    const edited = codexRequestBody({ model: 'm', input: [], instructions: 'Be brief.', service_tier: 'priority', stream_options: { reasoning_summary_delivery: 'concise', include_obfuscation: true } });
    expect(edited).toMatchObject({ instructions: 'Be brief.', service_tier: 'priority', stream_options: { reasoning_summary_delivery: 'concise' } });
  });

  it('turns system messages into developer ones, drops cache breakpoints, and allows parallel calls only with tools', () => {
    const edited = codexRequestBody({
      model: 'm',
      input: [{ type: 'message', role: 'system', content: [{ type: 'input_text', text: 'rules', prompt_cache_breakpoint: true }] }],
      tools: [{ type: 'function', name: 'f' }],
      parallel_tool_calls: false,
    });
    expect(edited['input']).toEqual([{ type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] }]);
    expect(edited['parallel_tool_calls']).toBe(true);
    expect(codexRequestBody({ model: 'm', input: [], parallel_tool_calls: true })).not.toHaveProperty('parallel_tool_calls');
  });

  it('drops the ids of input items (the backend stores nothing to match them) and keeps everything they carry', () => {
    const edited = codexRequestBody({
      model: 'm',
      input: [
        { type: 'message', role: 'user', content: 'weather?' },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'sealed' },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{}', status: 'completed' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
        { type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'Sunny.' }] },
        { type: 'item_reference', id: 'msg_0' },
      ],
    });
    expect(edited['input']).toEqual([
      { type: 'message', role: 'user', content: 'weather?' },
      { type: 'reasoning', summary: [], encrypted_content: 'sealed' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}', status: 'completed' },
      { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sunny.' }] },
      { type: 'item_reference', id: 'msg_0' },
    ]);
  });

  it('derives the session headers from prompt_cache_key unless the client sent its own', () => {
    expect(sessionHeaders({ prompt_cache_key: 'conv-1' }, {})).toEqual({ session_id: 'conv-1', 'x-codex-window-id': 'conv-1:0' });
    expect(sessionHeaders({ prompt_cache_key: 'conv-1' }, { session_id: 'the-cli-s' })).toEqual({});
    expect(sessionHeaders({}, {})).toEqual({});
  });
});

describe('a compact request as the Codex backend takes it', () => {
  it('keeps only the allow-listed fields, with the input as items and the instructions a string', () => {
    const body = {
      model: 'gpt-5.5',
      input: 'Earlier conversation',
      instructions: null,
      tools: [{ type: 'function', name: 'f' }],
      parallel_tool_calls: false,
      reasoning: { effort: 'high' },
      text: { verbosity: 'low' },
      previous_response_id: 'resp_1',
      stream: true,
      store: true,
      prompt_cache_key: 'conv-1',
      max_output_tokens: 100,
      temperature: 0.3,
      metadata: { a: 'b' },
    };
    expect(codexCompactBody(body)).toEqual({
      model: 'gpt-5.5',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Earlier conversation' }] }],
      instructions: '',
      tools: [{ type: 'function', name: 'f' }],
      parallel_tool_calls: false,
      reasoning: { effort: 'high' },
      text: { verbosity: 'low' },
      previous_response_id: 'resp_1',
    });
  });
});
