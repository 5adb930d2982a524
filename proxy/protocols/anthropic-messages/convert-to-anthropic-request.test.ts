import { describe, expect, it } from 'vitest';
import { parseAnthropicRequest } from '../../wire/anthropic/parse-anthropic-request.js';
import type { IRMessage, IRReasoning, IRRequest, IRTool } from '../../wire/ir.js';
import { irRequest } from '../../wire/ir.js';
import { convertToAnthropicRequest, DEFAULT_MAX_TOKENS, INTERLEAVED_THINKING_BETA } from './convert-to-anthropic-request.js';

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const OLD = 'claude-sonnet-4-6';
const NEW = 'claude-opus-5';

const weather: IRTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  origin: { kind: 'function' },
};

const convert = (extra: Partial<IRRequest> = {}, model = OLD) =>
  convertToAnthropicRequest(irRequest({ model: 'gpt-5', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], ...extra }), model);
const withReasoning = (reasoning: IRReasoning, model = OLD, extra: Partial<IRRequest> = {}) => convert({ reasoning, ...extra }, model);

describe('convertToAnthropicRequest', () => {
  it('converts a minimal request, always streaming', () => {
    expect(convert()).toEqual({
      body: { model: OLD, max_tokens: DEFAULT_MAX_TOKENS, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true },
      betas: [],
      warnings: [],
    });
  });

  describe('reasoning', () => {
    it('gives 4.x models a thinking budget by effort, with room for the answer', () => {
      const budgets = (['minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const).map((effort) => withReasoning({ enabled: true, effort }).body.thinking);
      expect(budgets).toEqual([2048, 2048, 8192, 16384, 32000, 32000].map((budget) => ({ type: 'enabled', budget_tokens: budget })));
      expect(withReasoning({ enabled: true, effort: 'high' }).body.max_tokens).toBe(16384 + 4096);
      expect(withReasoning({ enabled: true }).body.thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
      expect(withReasoning({ enabled: true, effort: 'low' }).body.output_config).toBeUndefined();
    });

    it('takes an explicit budget (at least 1024) and raises a max_tokens that leaves no room', () => {
      const { body, warnings } = withReasoning({ enabled: true, budgetTokens: 10000 }, OLD, { sampling: { maxOutputTokens: 4000 } });
      expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 10000 });
      expect(body.max_tokens).toBe(14096);
      expect(warnings).toEqual([{ at: 'anthropic.max_tokens', message: expect.stringMatching(/raised from 4000 to 14096/) }]);
      expect(withReasoning({ enabled: true, budgetTokens: 100 }).body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
      expect(withReasoning({ enabled: true, budgetTokens: 2048 }, OLD, { sampling: { maxOutputTokens: 64000 } }).body.max_tokens).toBe(64000);
    });

    it('gives newer models adaptive thinking steered by effort', () => {
      const high = withReasoning({ enabled: true, effort: 'high' }, NEW);
      expect(high.body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'high' }, max_tokens: 16384 + 4096 });
      expect(withReasoning({ enabled: true, effort: 'minimal' }, NEW).body.output_config).toEqual({ effort: 'low' });
      expect(withReasoning({ enabled: true, budgetTokens: 12000 }, NEW).body.output_config).toEqual({ effort: 'high' });
      expect(withReasoning({ enabled: true }, NEW).body).toMatchObject({ thinking: { type: 'adaptive' } });
      expect(withReasoning({ enabled: true }, NEW).body.output_config).toBeUndefined();
      expect(high.betas).toEqual([]);
      // Adaptive thinking counts against max_tokens too: a default leaves room for what the effort may spend.
      expect(withReasoning({ enabled: true, effort: 'max' }, NEW).body.max_tokens).toBe(32000 + 4096);
      expect(withReasoning({ enabled: true, effort: 'max' }, NEW, { sampling: { maxOutputTokens: 2000 } }).body.max_tokens).toBe(2000);
    });

    it('detects 4.x and older models by name', () => {
      for (const model of ['claude-opus-4-7', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5', 'claude-3-7-sonnet-20250219']) {
        expect(withReasoning({ enabled: true }, model).body.thinking).toMatchObject({ type: 'enabled' });
      }
      for (const model of ['claude-opus-5', 'claude-sonnet-5-5', 'claude-fable-5', 'claude-haiku-45']) {
        expect(withReasoning({ enabled: true }, model).body.thinking).toEqual({ type: 'adaptive' });
      }
    });

    it('turns thinking off when the client did, and leaves it out when the client said nothing', () => {
      expect(withReasoning({ enabled: false }).body.thinking).toEqual({ type: 'disabled' });
      expect(withReasoning({ enabled: false }, NEW).body.thinking).toEqual({ type: 'disabled' });
      expect(convert().body.thinking).toBeUndefined();
    });

    it('drops sampling knobs while thinking, with a warning', () => {
      const { body, warnings } = withReasoning({ enabled: true, effort: 'low' }, OLD, { sampling: { temperature: 0.3, topP: 0.9, topK: 5 } });
      expect(body).not.toHaveProperty('temperature');
      expect(body).not.toHaveProperty('top_p');
      expect(body).not.toHaveProperty('top_k');
      expect(warnings).toEqual([{ at: 'anthropic.sampling', message: expect.stringMatching(/^temperature, top_p, top_k dropped/) }]);
    });

    it('turns thinking off for a forced tool call', () => {
      const { body, warnings } = withReasoning({ enabled: true, effort: 'high' }, OLD, { tools: [weather], toolChoice: { type: 'required' } });
      expect(body).toMatchObject({ thinking: { type: 'disabled' }, tool_choice: { type: 'any' }, max_tokens: DEFAULT_MAX_TOKENS });
      expect(warnings[0]?.message).toMatch(/forced/);
    });

    it('asks for interleaved thinking when a 4.x model thinks with tools', () => {
      expect(withReasoning({ enabled: true }, OLD, { tools: [weather] }).betas).toEqual([INTERLEAVED_THINKING_BETA]);
      expect(withReasoning({ enabled: true }, NEW, { tools: [weather] }).betas).toEqual([]);
      expect(convert({ tools: [weather] }).betas).toEqual([]);
    });
  });

  it('passes sampling, keeping temperature within range and apart from top_p', () => {
    expect(convert({ sampling: { maxOutputTokens: 500, temperature: 0.5, topK: 10 } }).body).toMatchObject({ max_tokens: 500, temperature: 0.5, top_k: 10 });
    expect(convert({ sampling: { topP: 0.8 } }).body).toMatchObject({ top_p: 0.8 });
    const both = convert({ sampling: { temperature: 1.6, topP: 0.8 } });
    expect(both.body).toMatchObject({ temperature: 1 });
    expect(both.body).not.toHaveProperty('top_p');
    expect(both.warnings.map((warning) => warning.at)).toEqual(['anthropic.temperature', 'anthropic.top_p']);
  });

  it('renders system parts as text blocks, keeping cache_control', () => {
    const cache = { type: 'ephemeral', ttl: '1h' };
    const { body } = convert({ system: [{ type: 'text', text: 'Be brief.', providerData: { anthropic: { cache_control: cache } } }, { type: 'text', text: '  ' }] });
    expect(body.system).toEqual([{ type: 'text', text: 'Be brief.', cache_control: cache }]);
  });

  it('merges consecutive turns of one role, with tool results first in a user turn', () => {
    const messages: IRMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'First.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Second.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Calling.' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'c2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Hurry.' }] },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'Sunny' }] },
          { type: 'tool-result', toolCallId: 'c2', content: [{ type: 'text', text: 'Rain' }], isError: true },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Compare.' }] },
    ];
    expect(convert({ messages }).body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'First.' },
          { type: 'text', text: 'Second.' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Calling.' },
          { type: 'tool_use', id: 'c1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'c2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'c1', content: 'Sunny' },
          { type: 'tool_result', tool_use_id: 'c2', content: 'Rain', is_error: true },
          { type: 'text', text: 'Hurry.' },
          { type: 'text', text: 'Compare.' },
        ],
      },
    ]);
  });

  it('sends tool result content with images as blocks, and no content as none', () => {
    const messages: IRMessage[] = [
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'screenshot', arguments: '' }] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            content: [
              { type: 'text', text: 'Here:' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PIXEL } },
            ],
          },
          { type: 'tool-result', toolCallId: 'c2', content: [] },
        ],
      },
    ];
    expect(convert({ messages }).body.messages).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'screenshot', input: {} }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'c1',
            content: [
              { type: 'text', text: 'Here:' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } },
            ],
          },
          { type: 'tool_result', tool_use_id: 'c2' },
        ],
      },
    ]);
  });

  it('converts images: base64, URL, and a data URL as base64', () => {
    const messages: IRMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' }, detail: 'high' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
          { type: 'image', source: { kind: 'url', url: `data:image/png;base64,${PIXEL}` } },
        ],
      },
    ];
    expect(convert({ messages }).body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } },
        ],
      },
    ]);
  });

  it('replays signed and redacted thinking, and drops reasoning Anthropic cannot verify', () => {
    const messages: IRMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Signed.', signature: 'sig' },
          { type: 'reasoning', text: '', encrypted: 'opaque' },
          { type: 'reasoning', text: 'From reasoning_content, unsigned.' },
          { type: 'reasoning', text: 'An OpenAI summary', encrypted: 'openai-encrypted' },
          // OpenAI's own encrypted reasoning (a Codex session that switched to Claude): never redacted_thinking.
          { type: 'reasoning', text: '', encrypted: 'gAAAA-openai', providerData: { responses: { encryptedBy: 'openai' } } },
          { type: 'text', text: '' },
          { type: 'tool-call', id: 'c1', name: 'get_weather', arguments: '{"city": ' },
        ],
      },
    ];
    const { body, warnings } = convert({ messages });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Signed.', signature: 'sig' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'tool_use', id: 'c1', name: 'get_weather', input: {} },
        ],
      },
    ]);
    expect(warnings).toEqual([
      { at: 'anthropic.messages[1]', message: expect.stringMatching(/not a JSON object/) },
      { at: 'anthropic.messages', message: expect.stringMatching(/^3 reasoning part\(s\) without an Anthropic signature/) },
    ]);
  });

  it('converts tools, tool choice and parallel tool use', () => {
    const noParams: IRTool = { name: 'now', inputSchema: {}, strict: true, origin: { kind: 'function' }, providerData: { anthropic: { cache_control: { type: 'ephemeral' } } } };
    const { body } = convert({ tools: [weather, noParams], toolChoice: { type: 'tool', name: 'now' }, parallelToolCalls: false });
    expect(body.tools).toEqual([
      { name: 'get_weather', description: 'Weather for a city', input_schema: weather.inputSchema },
      { name: 'now', input_schema: { type: 'object' }, strict: true, cache_control: { type: 'ephemeral' } },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'now', disable_parallel_tool_use: true });
    const choice = (extra: Partial<IRRequest>) => convert({ tools: [weather], ...extra }).body.tool_choice;
    expect(choice({ toolChoice: { type: 'auto' } })).toEqual({ type: 'auto' });
    expect(choice({ toolChoice: { type: 'required' }, parallelToolCalls: false })).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(choice({ toolChoice: { type: 'none' }, parallelToolCalls: false })).toEqual({ type: 'none' });
    expect(choice({ parallelToolCalls: false })).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(choice({ parallelToolCalls: true })).toBeUndefined();
    expect(convert({ toolChoice: { type: 'required' } }).body.tool_choice).toBeUndefined();
  });

  it('asks for structured output with a schema, and for JSON in words without one', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    expect(convert({ output: { type: 'json_schema', name: 'person', schema, strict: true } }).body.output_config).toEqual({ format: { type: 'json_schema', schema } });
    const json = convert({ output: { type: 'json_object' }, system: [{ type: 'text', text: 'Be brief.' }] });
    expect(json.body.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: expect.stringMatching(/JSON/) },
    ]);
    expect(json.body.output_config).toBeUndefined();
    expect(json.warnings).toEqual([{ at: 'anthropic.output', message: expect.any(String) }]);
    expect(withReasoning({ enabled: true, effort: 'max' }, NEW, { output: { type: 'json_schema', name: 'p', schema, strict: true } }).body.output_config).toEqual({
      effort: 'max',
      format: { type: 'json_schema', schema },
    });
  });

  it('passes stop sequences, and an end-user id only when it is an opaque id', () => {
    expect(convert({ stopSequences: ['END'], metadata: { user: 'user_42' } }).body).toMatchObject({ stop_sequences: ['END'], metadata: { user_id: 'user_42' } });
    const email = convert({ metadata: { user: 'someone@example.com' } });
    expect(email.body).not.toHaveProperty('metadata');
    expect(email.warnings).toEqual([{ at: 'anthropic.metadata', message: expect.any(String) }]);
    expect(convert({ metadata: { user: 'x'.repeat(257) } }).body).not.toHaveProperty('metadata');
  });
});

describe('Anthropic request → IR → Anthropic request', () => {
  const cache = { type: 'ephemeral' };
  const original = {
    model: 'claude-sonnet-4-6',
    max_tokens: 32000,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: cache },
      { type: 'text', text: 'Work in /tmp.' },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
          { type: 'text', text: 'What is the weather where this photo was taken?', cache_control: cache },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Paris, judging by the tower.', signature: 'EqQBCkYIBxgCKkB' },
          { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', units: { temperature: 'C' } } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny, 21°C', cache_control: cache },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ],
    tools: [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, cache_control: cache }],
    tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    thinking: { type: 'enabled', budget_tokens: 10000 },
    stop_sequences: ['</answer>'],
    stream: true,
  };

  it('gives back the original body (thinking signatures, cache_control, tool_use/tool_result pairs, images)', () => {
    const parsed = parseAnthropicRequest(original);
    expect(parsed.warnings).toEqual([]);
    const { body, betas, warnings } = convertToAnthropicRequest(parsed.request, original.model);
    expect(warnings).toEqual([]);
    expect(betas).toEqual([INTERLEAVED_THINKING_BETA]);
    expect(body).toEqual(original);
  });

  it('keeps adaptive thinking with its effort and structured output', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
    const adaptive = {
      model: NEW,
      max_tokens: 8000,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'ok?' }] }],
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high', format: { type: 'json_schema', schema } },
      stream: true,
    };
    expect(convertToAnthropicRequest(parseAnthropicRequest(adaptive).request, NEW).body).toEqual(adaptive);
  });
});
