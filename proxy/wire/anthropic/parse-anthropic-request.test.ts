import { describe, expect, it } from 'vitest';
import { irRequest } from '../ir.js';
import { WireRequestError } from '../wire-format.js';
import { parseAnthropicRequest } from './parse-anthropic-request.js';

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const cache = { type: 'ephemeral' };

const base = (extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], ...extra });
const parse = (extra: Record<string, unknown> = {}) => parseAnthropicRequest(base(extra));

function rejection(body: unknown): WireRequestError {
  try {
    parseAnthropicRequest(body);
  } catch (error) {
    if (error instanceof WireRequestError) return error;
    throw error;
  }
  throw new Error('expected a WireRequestError');
}

describe('parseAnthropicRequest', () => {
  it('reads a minimal request', () => {
    expect(parse()).toEqual({
      request: irRequest({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], sampling: { maxOutputTokens: 1024 } }),
      warnings: [],
    });
  });

  it('keeps system blocks with their cache_control, and appends system turns from inside messages', () => {
    const { request, warnings } = parse({
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: cache }, { type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'Effort is low now.', output_config: { effort: 'low' } },
      ],
    });
    expect(request.system).toEqual([
      { type: 'text', text: 'You are Claude Code.', providerData: { anthropic: { cache_control: cache } } },
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Effort is low now.' },
    ]);
    expect(request.messages).toHaveLength(1);
    expect(warnings).toEqual([{ at: 'anthropic.messages[1].output_config', message: expect.any(String) }]);
    expect(parse({ system: 'plain' }).request.system).toEqual([{ type: 'text', text: 'plain' }]);
  });

  it('reads user text and images', () => {
    const { request } = parse({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL }, cache_control: cache },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PIXEL }, providerData: { anthropic: { cache_control: cache } } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
  });

  it('splits tool results out of a user turn into tool messages, in order', () => {
    const { request } = parse({
      messages: [
        { role: 'user', content: 'weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 't2', name: 'weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: 'Sunny' },
            {
              type: 'tool_result',
              tool_use_id: 't2',
              content: [
                { type: 'text', text: 'Rain' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } },
              ],
              is_error: false,
              cache_control: cache,
            },
            { type: 'text', text: 'Now compare them.' },
            { type: 'tool_result', tool_use_id: 't3' },
          ],
        },
      ],
    });
    expect(request.messages.slice(2)).toEqual([
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'Sunny' }] },
          {
            type: 'tool-result',
            toolCallId: 't2',
            content: [
              { type: 'text', text: 'Rain' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PIXEL } },
            ],
            isError: false,
            providerData: { anthropic: { cache_control: cache } },
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Now compare them.' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't3', content: [] }] },
    ]);
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool-call', id: 't1', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 't2', name: 'weather', arguments: '{"city":"Rome"}' },
      ],
    });
  });

  it('reads thinking with its signature, redacted thinking and OpenAI reasoning carried in a signature as encrypted reasoning', () => {
    const { request } = parse({
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'thinking', thinking: 'unsigned', signature: '' },
            // OpenAI's encrypted reasoning, carried in the signature Switchboard gave it: OpenAI's again, no signature.
            { type: 'thinking', thinking: 'Summary.', signature: 'sbo1:gAAAA' },
            { type: 'text', text: 'Hello.' },
          ],
        },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Hmm.', signature: 'sig' },
        { type: 'reasoning', text: '', encrypted: 'opaque' },
        { type: 'reasoning', text: 'unsigned' },
        { type: 'reasoning', text: 'Summary.', encrypted: 'gAAAA', providerData: { responses: { encryptedBy: 'openai' } } },
        { type: 'text', text: 'Hello.' },
      ],
    });
  });

  it('drops what only Anthropic can use, with a warning each', () => {
    const { request, warnings } = parse({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } },
            { type: 'image', source: { type: 'file', file_id: 'file_1' } },
            { type: 'text', text: 'search' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srv', name: 'web_search', input: { query: 'x' } },
            { type: 'web_search_tool_result', tool_use_id: 'srv', content: [] },
            { type: 'text', text: 'Found it.' },
          ],
        },
        { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srv2', name: 'web_search', input: {} }] },
      ],
      tools: [
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { type: 'bash_20250124', name: 'bash' },
        { name: 'weather', input_schema: { type: 'object' } },
      ],
      context_management: { edits: [] },
    });
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'search' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Found it.' }] },
    ]);
    expect(request.tools.map((tool) => tool.name)).toEqual(['weather']);
    expect(warnings.map((warning) => warning.at)).toEqual([
      'anthropic.messages[0].content[0]',
      'anthropic.messages[0].content[1]',
      'anthropic.messages[1].content[0]',
      'anthropic.messages[1].content[1]',
      'anthropic.messages[2].content[0]',
      'anthropic.request',
      'anthropic.tools[0]',
      'anthropic.tools[1]',
    ]);
    expect(warnings.find((warning) => warning.at === 'anthropic.request')?.message).toMatch(/context_management/);
  });

  it('reads tools and tool_choice', () => {
    const tools = [{ name: 'weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, strict: true, cache_control: cache }];
    expect(parse({ tools }).request.tools).toEqual([
      {
        name: 'weather',
        description: 'Weather for a city',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
        strict: true,
        origin: { kind: 'function' },
        providerData: { anthropic: { cache_control: cache } },
      },
    ]);
    const choice = (tool_choice: unknown) => {
      const { request } = parse({ tools, tool_choice });
      return [request.toolChoice, request.parallelToolCalls];
    };
    expect(choice({ type: 'auto' })).toEqual([{ type: 'auto' }, null]);
    expect(choice({ type: 'any', disable_parallel_tool_use: true })).toEqual([{ type: 'required' }, false]);
    expect(choice({ type: 'tool', name: 'weather', disable_parallel_tool_use: false })).toEqual([{ type: 'tool', name: 'weather' }, true]);
    expect(choice({ type: 'none' })).toEqual([{ type: 'none' }, null]);
  });

  it('reads thinking and effort', () => {
    expect(parse({ thinking: { type: 'enabled', budget_tokens: 10000 } }).request.reasoning).toEqual({ enabled: true, budgetTokens: 10000 });
    expect(parse({ thinking: { type: 'adaptive' }, output_config: { effort: 'high' } }).request.reasoning).toEqual({ enabled: true, effort: 'high' });
    expect(parse({ thinking: { type: 'adaptive', display: 'omitted' } }).request.reasoning).toEqual({ enabled: true, summary: 'none' });
    expect(parse({ thinking: { type: 'disabled' } }).request.reasoning).toEqual({ enabled: false });
    expect(parse({ output_config: { effort: 'low' } }).request.reasoning).toEqual({ enabled: true, effort: 'low' });
    const unknown = parse({ thinking: { type: 'adaptive' }, output_config: { effort: 'ultra' } });
    expect(unknown.request.reasoning).toEqual({ enabled: true });
    expect(unknown.warnings).toEqual([{ at: 'anthropic.output_config.effort', message: expect.stringMatching(/ultra/) }]);
  });

  it('reads structured output, sampling, stop sequences, metadata and stream', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const { request } = parse({
      output_config: { format: { type: 'json_schema', schema } },
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: JSON.stringify({ device_id: 'd', account_uuid: 'a', session_id: 'session-1' }) },
      stream: true,
    });
    expect(request.output).toEqual({ type: 'json_schema', name: 'response', schema, strict: true });
    expect(request.sampling).toEqual({ maxOutputTokens: 1024, temperature: 0.2, topP: 0.9, topK: 40 });
    expect(request.stopSequences).toEqual(['END']);
    expect(request.metadata).toEqual({ user: '{"device_id":"d","account_uuid":"a","session_id":"session-1"}', conversationId: 'session-1' });
    expect(request.stream).toBe(true);
    expect(parse({ metadata: { user_id: 'user-42' } }).request.metadata).toEqual({ user: 'user-42' });
  });

  it('refuses a malformed request, naming the field', () => {
    expect(rejection({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toMatchObject({ param: 'max_tokens' });
    expect(rejection(base({ messages: [] })).param).toBe('messages');
    expect(rejection(base({ messages: [{ role: 'user', content: [{ type: 'text' }] }] })).param).toBe('messages[0].content[0].text');
    expect(rejection(base({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'x' } }] }] })).param).toBe(
      'messages[0].content[0].source.media_type',
    );
    expect(rejection(base({ messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', input: {} }] }] })).param).toBe('messages[0].content[0].name');
    expect(rejection(base({ tools: [{ name: 'no_schema' }] })).param).toBe('tools[0].input_schema');
    expect(rejection(base({ thinking: { type: 'enabled' } })).param).toBe('thinking.budget_tokens');
    expect(rejection(base({ tool_choice: { type: 'sometimes' } })).param).toBe('tool_choice.type');
    expect(rejection('not an object').message).toMatch(/^body: /);
  });
});
