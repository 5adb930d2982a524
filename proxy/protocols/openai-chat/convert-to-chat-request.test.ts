import { describe, expect, it } from 'vitest';
import { parseChatRequest } from '../../wire/chat/parse-chat-request.js';
import type { IRRequest, IRTool } from '../../wire/ir.js';
import { irRequest } from '../../wire/ir.js';
import { convertToChatRequest, type ChatDialect } from './convert-to-chat-request.js';

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const weather: IRTool = { name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } }, origin: { kind: 'function' } };
const hi = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];
const convert = (extra: Partial<IRRequest> = {}, dialect: ChatDialect = 'openai') =>
  convertToChatRequest(irRequest({ model: 'client-name', messages: hi, ...extra }), 'gpt-5-mini', { dialect });

describe('convertToChatRequest', () => {
  it('converts a minimal request, streaming with usage', () => {
    expect(convert()).toEqual({
      body: { model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } },
      warnings: [],
    });
    expect(convertToChatRequest(irRequest({ model: 'x', messages: hi }), 'm', { dialect: 'openai', stream: false }).body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
    });
  });

  it('sends the system prompt as one system message, and images as image_url parts (inline data as a data: URL)', () => {
    const { body } = convert({
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: ' ' }, { type: 'text', text: 'Be kind.' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PIXEL }, detail: 'low' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nBe kind.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}`, detail: 'low' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
        ],
      },
    ]);
  });

  it('sends a tool round trip: the assistant turn with tool_calls, then one tool message per result', () => {
    const { body, warnings } = convert({
      tools: [weather],
      messages: [
        ...hi,
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking', signature: 'sig' },
            { type: 'text', text: 'Let me check.' },
            { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
            { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
            { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'no city' }, { type: 'image', source: { kind: 'url', url: 'https://x/map.png' } }], isError: true },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: 'hi' },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: 'no city' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/map.png' } }] },
    ]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/take text only; their images were sent in a user message/),
      expect.stringMatching(/1 reasoning part\(s\) of earlier turns .* dropped/),
      expect.stringMatching(/1 tool result\(s\) marked as errors/),
    ]);
  });

  it('sends tools, tool_choice and parallel_tool_calls only when there are tools', () => {
    expect(convert({ tools: [{ ...weather, strict: true }], toolChoice: { type: 'tool', name: 'get_weather' }, parallelToolCalls: false }).body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: weather.inputSchema, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
    expect(convert({ tools: [weather], toolChoice: { type: 'required' } }).body.tool_choice).toBe('required');
    const without = convert({ toolChoice: { type: 'none' }, parallelToolCalls: true }).body;
    expect(without).not.toHaveProperty('tool_choice');
    expect(without).not.toHaveProperty('parallel_tool_calls');
  });

  it("names max tokens as the dialect does, and sends top_k only to compatible servers", () => {
    const sampling = { maxOutputTokens: 500, temperature: 0.2, topP: 0.9, topK: 40 };
    const openai = convert({ sampling, stopSequences: ['END'] });
    expect(openai.body).toMatchObject({ max_completion_tokens: 500, temperature: 0.2, top_p: 0.9, stop: ['END'] });
    expect(openai.body).not.toHaveProperty('top_k');
    expect(openai.warnings).toEqual([{ at: 'chat.top_k', message: expect.stringMatching(/not part of OpenAI/) }]);
    const compatible = convert({ sampling }, 'compatible');
    expect(compatible.body).toMatchObject({ max_tokens: 500, top_k: 40 });
    expect(compatible.body).not.toHaveProperty('max_completion_tokens');
    expect(compatible.warnings).toEqual([]);
  });

  it('maps reasoning to reasoning_effort: off, an effort, or the effort that covers a thinking budget', () => {
    const effort = (reasoning: IRRequest['reasoning']) => convert({ reasoning }).body.reasoning_effort;
    expect(effort(null)).toBeUndefined();
    expect(effort({ enabled: false })).toBe('none');
    expect(effort({ enabled: true, effort: 'minimal' })).toBe('minimal');
    expect(effort({ enabled: true, effort: 'xhigh' })).toBe('xhigh');
    expect(effort({ enabled: true, budgetTokens: 1024 })).toBe('low');
    expect(effort({ enabled: true, budgetTokens: 10000 })).toBe('high');
    expect(effort({ enabled: true, budgetTokens: 64000 })).toBe('xhigh');
    expect(effort({ enabled: true })).toBeUndefined();
    expect(convert({ reasoning: { enabled: true, effort: 'max' } })).toMatchObject({ body: { reasoning_effort: 'xhigh' }, warnings: [{ at: 'chat.reasoning_effort' }] });
  });

  it('sends structured output as response_format', () => {
    expect(convert({ output: { type: 'json_object' } }).body.response_format).toEqual({ type: 'json_object' });
    expect(convert({ output: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true, description: 'd' } }).body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', schema: { type: 'object' }, strict: true, description: 'd' },
    });
  });

  it("sends the end user, and the conversation as OpenAI's prompt_cache_key (not to compatible servers)", () => {
    const metadata = { user: 'user-1', conversationId: 'conv-1' };
    expect(convert({ metadata }).body).toMatchObject({ user: 'user-1', prompt_cache_key: 'conv-1' });
    expect(convert({ metadata }, 'compatible').body).not.toHaveProperty('prompt_cache_key');
  });

  it('gives back the Chat body a Chat client sent, for what the IR carries (round trip through proxy/wire/chat)', () => {
    const client = {
      model: 'gpt-5-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_9', content: 'Sunny, 21°C' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      max_completion_tokens: 256,
      temperature: 0.5,
      stop: ['\n\n'],
      reasoning_effort: 'low',
      response_format: { type: 'json_object' },
      user: 'u-7',
      prompt_cache_key: 'conv',
      stream: true,
      stream_options: { include_usage: true },
    };
    const { request, warnings } = parseChatRequest(client);
    expect(warnings).toEqual([]);
    const converted = convertToChatRequest(request, 'gpt-5-mini', { dialect: 'openai' });
    expect(converted.warnings).toEqual([]);
    expect(converted.body).toEqual(client);
  });
});

describe('the end-user id', () => {
  it('is sent only when it is a plain opaque id (not Claude Code\'s JSON, not over 64 characters)', () => {
    const user = (id: string) => convertToChatRequest(irRequest({ model: 'x', messages: hi, metadata: { user: id } }), 'm', { dialect: 'openai' });
    expect(user('user-1234').body.user).toBe('user-1234');
    const json = user('{"device_id":"a","session_id":"b"}');
    expect(json.body).not.toHaveProperty('user');
    expect(json.warnings).toEqual([{ at: 'chat.user', message: expect.stringMatching(/not a plain opaque id/) }]);
    expect(user('x'.repeat(65)).body).not.toHaveProperty('user');
  });
});
