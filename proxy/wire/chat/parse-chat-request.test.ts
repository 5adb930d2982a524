import { describe, expect, it } from 'vitest';
import { irRequest } from '../ir.js';
import { WireRequestError } from '../wire-format.js';
import { readChatProviderData } from './chat-provider-data.js';
import { parseChatRequest } from './parse-chat-request.js';

const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const base = { model: 'gpt-5', messages: [{ role: 'user', content: 'Hi' }] };
const parse = (extra: Record<string, unknown>) => parseChatRequest({ ...base, ...extra });

function errorOf(body: unknown): WireRequestError {
  try {
    parseChatRequest(body);
  } catch (error) {
    if (error instanceof WireRequestError) return error;
    throw error;
  }
  throw new Error('expected a WireRequestError');
}

describe('parseChatRequest', () => {
  it('parses the smallest request into a complete IR request', () => {
    expect(parseChatRequest(base)).toEqual({
      request: irRequest({ model: 'gpt-5', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], providerData: { chat: { includeUsage: false } } }),
      warnings: [],
    });
  });

  describe('messages', () => {
    it('collects system and developer messages into the system prompt, in order, wherever they stand', () => {
      const { request } = parse({
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'Hi' },
          { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }, { type: 'text', text: 'No emoji.' }] },
          { role: 'user', content: 'Weather?' },
        ],
      });
      expect(request.system).toEqual([
        { type: 'text', text: 'Be terse.' },
        { type: 'text', text: 'Use metric units.' },
        { type: 'text', text: 'No emoji.' },
      ]);
      expect(request.messages.map((message) => message.role)).toEqual(['user', 'user']);
    });

    it('reads user text and images (data URL → base64, http URL → url, detail kept)', () => {
      const { request, warnings } = parse({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in these?' },
              { type: 'image_url', image_url: { url: `data:image/PNG;base64,${PIXEL_PNG}`, detail: 'high' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            ],
          },
        ],
      });
      expect(request.messages).toEqual([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PIXEL_PNG }, detail: 'high' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
          ],
        },
      ]);
      expect(warnings).toEqual([]);
    });

    it('drops audio and file parts with a warning each', () => {
      const { request, warnings } = parse({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
              { type: 'text', text: 'Transcribe and summarise' },
              { type: 'file', file: { file_id: 'file-1' } },
            ],
          },
        ],
      });
      expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Transcribe and summarise' }] }]);
      expect(warnings).toEqual([
        { at: 'chat.messages[0].content[0]', message: 'a "input_audio" content part cannot be sent to the model; dropped' },
        { at: 'chat.messages[0].content[2]', message: 'a "file" content part cannot be sent to the model; dropped' },
      ]);
    });

    it('reads an assistant turn: reasoning_content, text and tool calls (arguments kept verbatim)', () => {
      const { request } = parse({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: 'Checking both.',
            reasoning_content: 'Two cities, two calls.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Rome"}' } },
            ],
          },
        ],
      });
      expect(request.messages[1]).toEqual({
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two cities, two calls.' },
          { type: 'text', text: 'Checking both.' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city": "Rome"}' },
        ],
      });
    });

    it('reads assistant content parts, refusals and a null content', () => {
      const { request } = parse({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: [{ type: 'text', text: 'Part one. ' }, { type: 'refusal', refusal: 'Not that part.' }] },
          { role: 'user', content: 'b' },
          { role: 'assistant', content: null, refusal: 'I cannot help with that.' },
          { role: 'user', content: 'c' },
          { role: 'assistant', content: '' },
        ],
      });
      expect(request.messages[1]).toEqual({
        role: 'assistant',
        content: [
          { type: 'text', text: 'Part one. ' },
          { type: 'text', text: 'Not that part.' },
        ],
      });
      expect(request.messages[3]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'I cannot help with that.' }] });
      expect(request.messages[5]).toEqual({ role: 'assistant', content: [] });
    });

    it('accepts an assistant message exactly as the openai SDK hands it back (nulls, parsed, annotations)', () => {
      const { request, warnings } = parse({
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: null,
            refusal: null,
            parsed: null,
            annotations: [],
            audio: null,
            function_call: null,
            reasoning_content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}', parsed_arguments: null } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        ],
      });
      expect(request.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{}' }] });
      expect(warnings).toEqual([]);
    });

    it('joins consecutive tool messages into one IR tool message', () => {
      const { request } = parse({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
          { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'Rain' }, { type: 'text', text: ', 12°C' }] },
          { role: 'user', content: 'Thanks' },
        ],
      });
      expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user']);
      expect(request.messages[2]).toEqual({
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
          {
            type: 'tool-result',
            toolCallId: 'call_2',
            content: [
              { type: 'text', text: 'Rain' },
              { type: 'text', text: ', 12°C' },
            ],
          },
        ],
      });
    });

    it('treats legacy function calls and function messages as tool calls and results, with warnings', () => {
      const { request, warnings } = parse({
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          { role: 'function', name: 'get_weather', content: 'Snow' },
        ],
      });
      expect(request.messages.slice(1)).toEqual([
        { role: 'assistant', content: [{ type: 'tool-call', id: 'legacy_function_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'legacy_function_1', content: [{ type: 'text', text: 'Snow' }] }] },
      ]);
      expect(warnings.map((warning) => warning.at)).toEqual(['chat.messages[1].function_call', 'chat.messages[2]']);
    });
  });

  describe('tools', () => {
    it('reads function tools, with a default schema for a function without parameters', () => {
      const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
      const { request } = parse({
        tools: [
          { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters, strict: true } },
          { type: 'function', function: { name: 'now' } },
        ],
        parallel_tool_calls: false,
      });
      expect(request.tools).toEqual([
        { name: 'get_weather', description: 'Weather for a city', inputSchema: parameters, strict: true, origin: { kind: 'function' } },
        { name: 'now', inputSchema: { type: 'object', properties: {} }, origin: { kind: 'function' } },
      ]);
      expect(request.parallelToolCalls).toBe(false);
    });

    it('drops custom tools with a warning', () => {
      const { request, warnings } = parse({ tools: [{ type: 'custom', custom: { name: 'apply_patch' } }] });
      expect(request.tools).toEqual([]);
      expect(warnings).toEqual([{ at: 'chat.tools[0]', message: 'custom tool "apply_patch" is not supported; dropped' }]);
    });

    it('reads every tool_choice form', () => {
      const tools = [{ type: 'function', function: { name: 'get_weather' } }];
      expect(parse({ tools, tool_choice: 'none' }).request.toolChoice).toEqual({ type: 'none' });
      expect(parse({ tools, tool_choice: 'auto' }).request.toolChoice).toEqual({ type: 'auto' });
      expect(parse({ tools, tool_choice: 'required' }).request.toolChoice).toEqual({ type: 'required' });
      expect(parse({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }).request.toolChoice).toEqual({ type: 'tool', name: 'get_weather' });
      const allowed = parse({ tools, tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [] } } });
      expect(allowed.request.toolChoice).toEqual({ type: 'required' });
      expect(allowed.warnings.map((warning) => warning.at)).toEqual(['chat.tool_choice']);
    });

    it('refuses a named tool_choice that names no tool', () => {
      const error = errorOf({ ...base, tools: [{ type: 'function', function: { name: 'a' } }], tool_choice: { type: 'function', function: { name: 'b' } } });
      expect(error.message).toBe('tool_choice.function.name: no tool named "b" in tools');
      expect(error.param).toBe('tool_choice.function.name');
    });

    it('reads the legacy functions / function_call as tools with a warning', () => {
      const { request, warnings } = parse({ functions: [{ name: 'get_weather', parameters: { type: 'object' } }], function_call: { name: 'get_weather' } });
      expect(request.tools).toEqual([{ name: 'get_weather', inputSchema: { type: 'object' }, origin: { kind: 'function' } }]);
      expect(request.toolChoice).toEqual({ type: 'tool', name: 'get_weather' });
      expect(warnings.map((warning) => warning.at)).toEqual(['chat.functions']);
    });
  });

  describe('options', () => {
    it('maps response_format', () => {
      const schema = { type: 'object', properties: { city: { type: 'string' } } };
      expect(parse({ response_format: { type: 'text' } }).request.output).toBeNull();
      expect(parse({ response_format: { type: 'json_object' } }).request.output).toEqual({ type: 'json_object' });
      expect(parse({ response_format: { type: 'json_schema', json_schema: { name: 'forecast', schema, strict: true, description: 'A forecast' } } }).request.output).toEqual({
        type: 'json_schema',
        name: 'forecast',
        schema,
        strict: true,
        description: 'A forecast',
      });
      expect(parse({ response_format: { type: 'json_schema', json_schema: { name: 'forecast', schema } } }).request.output).toEqual({
        type: 'json_schema',
        name: 'forecast',
        schema,
        strict: false,
      });
      expect(parse({ response_format: { type: 'json_schema', json_schema: { name: 'anything' } } }).request.output).toEqual({ type: 'json_object' });
    });

    it('maps reasoning_effort, asking for the reasoning text back', () => {
      expect(parse({ reasoning_effort: 'high' }).request.reasoning).toEqual({ enabled: true, effort: 'high', summary: 'auto' });
      expect(parse({ reasoning_effort: 'minimal' }).request.reasoning).toEqual({ enabled: true, effort: 'minimal', summary: 'auto' });
      expect(parse({ reasoning_effort: 'none' }).request.reasoning).toEqual({ enabled: false });
      expect(parse({ reasoning_effort: null }).request.reasoning).toBeNull();
    });

    it('reads stop as a string or a list', () => {
      expect(parse({ stop: 'END' }).request.stopSequences).toEqual(['END']);
      expect(parse({ stop: ['END', '###'] }).request.stopSequences).toEqual(['END', '###']);
      expect(parse({ stop: null }).request.stopSequences).toEqual([]);
    });

    it('reads sampling; max_completion_tokens wins over max_tokens', () => {
      expect(parse({ max_tokens: 100, max_completion_tokens: 200, temperature: 0.2, top_p: 0.9, top_k: 40 }).request.sampling).toEqual({
        maxOutputTokens: 200,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
      });
      expect(parse({ max_tokens: 100 }).request.sampling).toEqual({ maxOutputTokens: 100 });
    });

    it('keeps stream and include_usage', () => {
      const { request } = parse({ stream: true, stream_options: { include_usage: true } });
      expect(request.stream).toBe(true);
      expect(request.providerData).toEqual({ chat: { includeUsage: true } });
      expect(readChatProviderData(request)).toEqual({ includeUsage: true });
      expect(readChatProviderData(parse({ stream: true }).request)).toEqual({ includeUsage: false });
    });

    it('maps user (or safety_identifier) and prompt_cache_key into metadata', () => {
      expect(parse({ user: 'u-1', prompt_cache_key: 'conv-9', metadata: { app: 'x' } }).request.metadata).toEqual({ user: 'u-1', conversationId: 'conv-9' });
      expect(parse({ safety_identifier: 'hashed-user' }).request.metadata).toEqual({ user: 'hashed-user' });
    });

    it('accepts n = 1 and refuses more choices', () => {
      expect(parse({ n: 1 }).warnings).toEqual([]);
      const error = errorOf({ ...base, n: 2 });
      expect(error.message).toBe('n: only one choice per request is supported (n must be 1)');
      expect(error.param).toBe('n');
    });
  });

  describe('warnings', () => {
    it('warns about set fields that would change the answer, and not about their defaults', () => {
      const { warnings } = parse({ seed: 7, logprobs: true, top_logprobs: 3, presence_penalty: 0.5, frequency_penalty: 0, logit_bias: { '42': -100 }, modalities: ['text'] });
      expect(warnings).toEqual([
        { at: 'chat.seed', message: 'seed (reproducible sampling) is not supported; ignored' },
        { at: 'chat.logprobs', message: 'logprobs is not supported; ignored' },
        { at: 'chat.top_logprobs', message: 'top_logprobs is not supported; ignored' },
        { at: 'chat.presence_penalty', message: 'presence_penalty is not supported; ignored' },
        { at: 'chat.logit_bias', message: 'logit_bias is not supported; ignored' },
      ]);
      expect(parse({ logprobs: false, presence_penalty: 0, logit_bias: {}, seed: null }).warnings).toEqual([]);
    });

    it('accepts bookkeeping fields silently and names unknown fields in one warning', () => {
      expect(parse({ store: true, service_tier: 'auto', metadata: { a: 'b' }, stream_options: { include_obfuscation: false } }).warnings).toEqual([]);
      expect(parse({ chat_template_kwargs: { enable_thinking: true }, foo: 1 }).warnings).toEqual([
        { at: 'chat.request', message: 'fields that are not part of the Chat Completions API were ignored: chat_template_kwargs, foo' },
      ]);
      // A name every object inherits is still a field the client sent, and unknown.
      expect(parse(JSON.parse('{"toString":1,"constructor":2}') as Record<string, unknown>).warnings).toEqual([
        { at: 'chat.request', message: 'fields that are not part of the Chat Completions API were ignored: toString, constructor' },
      ]);
    });
  });

  describe('errors name the field', () => {
    const cases: Array<[string, unknown, string, string]> = [
      ['a body that is not an object', 'hello', 'expected object, received string', ''],
      ['a missing model', { messages: base.messages }, 'model: required (string)', 'model'],
      ['missing messages', { model: 'gpt-5' }, 'messages: required (array)', 'messages'],
      ['empty messages', { model: 'gpt-5', messages: [] }, 'messages: expected array to have >=1 items', 'messages'],
      [
        'an unknown role',
        { model: 'gpt-5', messages: [{ role: 'user', content: 'a' }, { role: 'robot', content: 'b' }] },
        'messages[1].role: expected one of "system", "developer", "user", "assistant", "tool", "function"',
        'messages[1].role',
      ],
      ['content of the wrong type', { model: 'gpt-5', messages: [{ role: 'user', content: 5 }] }, 'messages[0].content: expected string or array', 'messages[0].content'],
      ['a text part without text', { model: 'gpt-5', messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text: required (string)', 'messages[0].content[0].text'],
      [
        'an unknown content part',
        { model: 'gpt-5', messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] },
        'messages[0].content[0].type: expected one of "text", "image_url", "input_audio", "file"',
        'messages[0].content[0].type',
      ],
      ['a tool message without tool_call_id', { model: 'gpt-5', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id: required (string)', 'messages[0].tool_call_id'],
      [
        'tool call arguments that are not a string',
        { model: 'gpt-5', messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }] }] },
        'messages[0].tool_calls[0].function.arguments: expected string, received object',
        'messages[0].tool_calls[0].function.arguments',
      ],
      ['a temperature out of range', { ...base, temperature: 3 }, 'temperature: expected number to be <=2', 'temperature'],
      ['an unknown reasoning_effort', { ...base, reasoning_effort: 'extreme' }, 'reasoning_effort: expected one of "none", "minimal", "low", "medium", "high", "xhigh", "max"', 'reasoning_effort'],
      ['a bad tool_choice', { ...base, tool_choice: 'sometimes' }, 'tool_choice: expected "none", "auto", "required" or {"type": "function", "function": {"name": …}}', 'tool_choice'],
      ['a named tool_choice without a name', { ...base, tool_choice: { type: 'function', function: {} } }, 'tool_choice.function.name: required (string)', 'tool_choice.function.name'],
      ['a json_schema without a name', { ...base, response_format: { type: 'json_schema', json_schema: { schema: {} } } }, 'response_format.json_schema.name: required (string)', 'response_format.json_schema.name'],
    ];
    it.each(cases)('%s', (_name, body, message, param) => {
      const error = errorOf(body);
      expect(error.message).toBe(message);
      expect(error.param).toBe(param);
    });

    it('refuses image URLs it cannot send', () => {
      const image = (url: string) => ({ ...base, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
      expect(errorOf(image('file:///etc/passwd')).message).toBe('messages[0].content[0].image_url.url: expected an http(s) URL or a base64 data: URL');
      expect(errorOf(image('data:image/svg+xml,<svg/>')).message).toBe(
        'messages[0].content[0].image_url.url: a data: URL must be base64-encoded (data:<media type>;base64,<data>)',
      );
      expect(errorOf(image(`data:;base64,${PIXEL_PNG}`)).message).toBe('messages[0].content[0].image_url.url: the data: URL names no media type (e.g. data:image/png;base64,…)');
      expect(errorOf(image('ftp://example.com/a.png')).param).toBe('messages[0].content[0].image_url.url');
    });
  });
});
