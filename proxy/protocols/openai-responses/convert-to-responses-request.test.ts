import { describe, expect, it } from 'vitest';
import type { IRRequest, IRTool } from '../../wire/ir.js';
import { irRequest } from '../../wire/ir.js';
import { parseResponsesRequest } from '../../wire/responses/parse-responses-request.js';
import { convertToResponsesRequest } from './convert-to-responses-request.js';

const weather: IRTool = { name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } }, origin: { kind: 'function' } };
const hi = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];
const convert = (extra: Partial<IRRequest> = {}) => convertToResponsesRequest(irRequest({ model: 'client', messages: hi, ...extra }), 'gpt-5-mini');

describe('convertToResponsesRequest', () => {
  it('converts a minimal request: stateless, streaming', () => {
    expect(convert()).toEqual({
      body: { model: 'gpt-5-mini', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], store: false, stream: true },
      warnings: [],
    });
    expect(convertToResponsesRequest(irRequest({ model: 'x', messages: hi }), 'm', { stream: false }).body.stream).toBe(false);
  });

  it('sends the system prompt as instructions, images as input_image, a tool round trip as items', () => {
    const { body, warnings } = convert({
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }],
      tools: [weather],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' }, detail: 'high' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Claude thought', signature: 'sig' },
            { type: 'reasoning', text: 'OpenAI thought', encrypted: 'gAAAA', providerData: { responses: { encryptedBy: 'openai' } } },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
            { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'map:' }, { type: 'image', source: { kind: 'url', url: 'https://x/m.png' } }], isError: true },
          ],
        },
      ],
    });
    expect(body.instructions).toBe('Be brief.\n\nBe kind.');
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Look' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'OpenAI thought' }], encrypted_content: 'gAAAA' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
      { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'map:' }, { type: 'input_image', image_url: 'https://x/m.png', detail: 'auto' }] },
    ]);
    expect(warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/1 reasoning part\(s\) that OpenAI did not write/), expect.stringMatching(/1 tool result\(s\) marked as errors/)]);
  });

  it('sends function tools as not strict unless the client said so (OpenAI takes a missing strict as true)', () => {
    expect(convert({ tools: [weather, { ...weather, name: 'strict_one', strict: true }] }).body.tools).toEqual([
      { type: 'function', name: 'get_weather', description: 'Weather', parameters: weather.inputSchema, strict: false },
      { type: 'function', name: 'strict_one', description: 'Weather', parameters: weather.inputSchema, strict: true },
    ]);
    expect(convert({ tools: [weather], toolChoice: { type: 'tool', name: 'get_weather' }, parallelToolCalls: false }).body).toMatchObject({
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: false,
    });
    expect(convert({ toolChoice: { type: 'auto' } }).body).not.toHaveProperty('tool_choice');
  });

  it('asks for encrypted reasoning when reasoning is on, maps effort and budget, and warns about what Responses lacks', () => {
    expect(convert({ reasoning: { enabled: true, effort: 'high', summary: 'auto' } }).body).toMatchObject({ reasoning: { effort: 'high', summary: 'auto' }, include: ['reasoning.encrypted_content'] });
    expect(convert({ reasoning: { enabled: false } }).body).toMatchObject({ reasoning: { effort: 'none' } });
    expect(convert({ reasoning: { enabled: false } }).body).not.toHaveProperty('include');
    expect(convert({ reasoning: { enabled: true, budgetTokens: 5000 } }).body.reasoning).toEqual({ effort: 'medium' });
    expect(convert({ reasoning: { enabled: true, effort: 'max', summary: 'none' } })).toMatchObject({ body: { reasoning: { effort: 'xhigh' } }, warnings: [{ at: 'responses.reasoning.effort' }] });
    const { body, warnings } = convert({ sampling: { maxOutputTokens: 300, temperature: 1, topP: 0.5, topK: 3 }, stopSequences: ['x'] });
    expect(body).toMatchObject({ max_output_tokens: 300, temperature: 1, top_p: 0.5 });
    expect(warnings.map((warning) => warning.at)).toEqual(['responses.top_k', 'responses.stop']);
  });

  it('sends structured output as text.format, the end user and the conversation as the cache key', () => {
    expect(convert({ output: { type: 'json_schema', name: 'a', schema: { type: 'object' }, strict: true } }).body.text).toEqual({ format: { type: 'json_schema', name: 'a', schema: { type: 'object' }, strict: true } });
    expect(convert({ output: { type: 'json_object' } }).body.text).toEqual({ format: { type: 'json_object' } });
    expect(convert({ metadata: { user: 'u', conversationId: 'c' } }).body).toMatchObject({ user: 'u', prompt_cache_key: 'c' });
  });

  it('gives back what a Responses client sent, for what the IR carries (round trip through proxy/wire/responses)', () => {
    const client = {
      model: 'gpt-5-mini',
      instructions: 'You are terse.',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Need a tool.' }], encrypted_content: 'gAAAAopaque' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
      ],
      tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: false }],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      max_output_tokens: 500,
      reasoning: { effort: 'low', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      text: { format: { type: 'json_object' } },
      prompt_cache_key: 'conv-1',
      store: false,
      stream: true,
    };
    const { request, warnings } = parseResponsesRequest(client);
    expect(warnings).toEqual([]);
    const converted = convertToResponsesRequest(request, 'gpt-5-mini');
    expect(converted.warnings).toEqual([]);
    expect(converted.body).toEqual(client);
  });
});
