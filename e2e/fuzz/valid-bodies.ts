/**
 * Bodies a real client sends, per endpoint, after the wire schemas (proxy/wire/*-api.ts) and the admin routes'
 * schemas: the starting point the mutations and the hostile values work from, and the cases that reach the
 * stand-in upstream and come back as answers.
 */
import fc from 'fast-check';
import { STAND_IN_MODELS } from '../stand-ins/anthropic-api.js';

const text = fc.oneof(fc.constantFrom('hi', 'Hello there', 'What is 2+2?', 'x'), fc.string({ maxLength: 30 }));
const toolName = fc.constantFrom('get_weather', 'run', 'search_files', 'x');
const jsonSchema = fc.constantFrom(
  { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  { type: 'object', properties: {} },
  { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { n: { type: 'number' } } } } } },
);

/** Served names (ids, aliases) and names nobody serves. */
export const modelName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STAND_IN_MODELS.map((model) => model.id), 'sonnet', 'opus', 'haiku') },
  { weight: 1, arbitrary: fc.constantFrom('gpt-4o', 'claude-unknown-9', 'claude-') },
);

const maxTokens = fc.integer({ min: 1, max: 64 });

// ─── Anthropic Messages ──────────────────────────────────────────────────────────────────────────────────

const anthropicBlock = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('text'), text, cache_control: fc.constant({ type: 'ephemeral' }) }),
  fc.record({ type: fc.constant('image'), source: fc.constant({ type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' }) }),
  fc.record({ type: fc.constant('tool_result'), tool_use_id: fc.constant('toolu_1'), content: text }),
);

const anthropicMessages = fc.oneof(
  fc.tuple(fc.oneof(text, fc.array(anthropicBlock, { minLength: 1, maxLength: 3 }))).map(([content]) => [{ role: 'user', content }]),
  fc.tuple(text, text, text).map(([a, b, c]) => [
    { role: 'user', content: a },
    { role: 'assistant', content: b },
    { role: 'user', content: c },
  ]),
  fc.constant([
    { role: 'user', content: 'weather?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
  ]),
);

const anthropicTools = fc.array(fc.record({ name: toolName, description: text, input_schema: jsonSchema }, { requiredKeys: ['name', 'input_schema'] }), { minLength: 1, maxLength: 2 });

const anthropicOptions = {
  stream: fc.boolean(),
  system: fc.oneof(text, fc.constant([{ type: 'text', text: 'You are terse.' }])),
  tools: anthropicTools,
  tool_choice: fc.constantFrom({ type: 'auto' }, { type: 'any' }, { type: 'none' }, { type: 'tool', name: 'get_weather' }),
  thinking: fc.constantFrom({ type: 'enabled', budget_tokens: 1024 }, { type: 'disabled' }, { type: 'adaptive' }),
  metadata: fc.record({ user_id: fc.constantFrom('user-1', 'x') }),
  temperature: fc.double({ min: 0, max: 1, noNaN: true }),
  top_p: fc.double({ min: 0, max: 1, noNaN: true }),
  top_k: fc.integer({ min: 1, max: 100 }),
  stop_sequences: fc.array(text, { maxLength: 2 }),
};

export const messagesBody = fc.record(
  { model: modelName, max_tokens: maxTokens, messages: anthropicMessages, ...anthropicOptions },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

export const countTokensBody = fc.record(
  { model: modelName, messages: anthropicMessages, system: anthropicOptions.system, tools: anthropicTools },
  { requiredKeys: ['model', 'messages'] },
);

// ─── OpenAI Chat Completions ─────────────────────────────────────────────────────────────────────────────

const chatMessages = fc.oneof(
  fc.tuple(text).map(([content]) => [{ role: 'user', content }]),
  fc.tuple(text, text).map(([system, user]) => [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ]),
  fc.constant([{ role: 'developer', content: 'terse' }, { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }]),
  fc.constant([
    { role: 'user', content: 'weather?' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
  ]),
);

const chatTools = fc.array(
  fc.record({ type: fc.constant('function'), function: fc.record({ name: toolName, description: text, parameters: jsonSchema }, { requiredKeys: ['name'] }) }),
  { minLength: 1, maxLength: 2 },
);

export const chatBody = fc.record(
  {
    model: modelName,
    messages: chatMessages,
    max_tokens: maxTokens,
    max_completion_tokens: maxTokens,
    stream: fc.boolean(),
    stream_options: fc.constant({ include_usage: true }),
    tools: chatTools,
    tool_choice: fc.constantFrom('auto', 'none', 'required', { type: 'function', function: { name: 'get_weather' } }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    reasoning_effort: fc.constantFrom('low', 'medium', 'high'),
    response_format: fc.constantFrom({ type: 'text' }, { type: 'json_object' }, { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object', properties: {} } } }),
    stop: fc.oneof(text, fc.array(text, { maxLength: 2 })),
    user: text,
    metadata: fc.dictionary(fc.constantFrom('a', 'b'), text),
    n: fc.constant(1),
  },
  { requiredKeys: ['model', 'messages'] },
);

// ─── OpenAI Responses ────────────────────────────────────────────────────────────────────────────────────

const responsesInput = fc.oneof(
  text,
  fc.tuple(text).map(([content]) => [{ role: 'user', content }]),
  fc.tuple(text).map(([content]) => [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: content }] }]),
  fc.constant([
    { role: 'user', content: 'weather?' },
    { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
  ]),
  fc.constant([{ type: 'reasoning', summary: [{ type: 'summary_text', text: 'thought' }] }, { role: 'user', content: 'go on' }]),
);

export const responsesBody = fc.record(
  {
    model: modelName,
    input: responsesInput,
    instructions: text,
    max_output_tokens: maxTokens,
    stream: fc.boolean(),
    tools: fc.array(fc.record({ type: fc.constant('function'), name: toolName, parameters: jsonSchema }), { minLength: 1, maxLength: 2 }),
    tool_choice: fc.constantFrom('auto', 'none', 'required'),
    reasoning: fc.record({ effort: fc.constantFrom('low', 'medium', 'high'), summary: fc.constantFrom('auto', 'concise', 'detailed') }, { requiredKeys: [] }),
    text: fc.constantFrom({ format: { type: 'text' } }, { format: { type: 'json_schema', name: 'out', schema: { type: 'object', properties: {} } } }, { verbosity: 'low' }),
    metadata: fc.dictionary(fc.constantFrom('a', 'b'), text),
    store: fc.boolean(),
    include: fc.constant(['reasoning.encrypted_content']),
    prompt_cache_key: text,
  },
  { requiredKeys: ['model', 'input'] },
);

// ─── The admin API ───────────────────────────────────────────────────────────────────────────────────────

export const accountChangesBody = fc.record(
  { enabled: fc.boolean(), priority: fc.integer({ min: -1000, max: 1000 }), label: fc.option(text, { nil: null }) },
  { requiredKeys: [] },
);

const keyLimits = {
  owner: fc.option(text, { nil: null }),
  expiresAt: fc.oneof(fc.constantFrom('2030-01-31', '2030-01-31T12:00:00Z', null), fc.integer({ min: 1, max: 4_102_444_800_000 })),
  allowedModels: fc.option(fc.array(modelName, { minLength: 1, maxLength: 3 }), { nil: null }),
  monthlyTokenBudget: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: null }),
  monthlyCostBudgetUsd: fc.option(fc.double({ min: 0.01, max: 1000, noNaN: true }), { nil: null }),
  rpmLimit: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  concurrencyLimit: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
};

export const keyInputBody = fc.record({ label: fc.constantFrom('fuzz key', 'CI bot', 'x'), role: fc.constantFrom('admin', 'client'), ...keyLimits }, { requiredKeys: ['label'] });
export const keyChangesBody = fc.record({ label: fc.constantFrom('renamed', 'y'), role: fc.constantFrom('admin', 'client'), enabled: fc.boolean(), ...keyLimits }, { requiredKeys: [] });

export const loginStartBody = fc.record({ provider: fc.constant('anthropic'), accountId: fc.string({ maxLength: 20 }) }, { requiredKeys: ['provider'] });
export const loginFinishBody = fc.record({ code: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('code#state'), fc.constant('https://platform.claude.com/oauth/code/callback?code=a&state=b')) });
export const importBody = fc.constant({ source: 'claude-code' });

export const configureClientBody = fc.record(
  {
    models: fc.record({ main: modelName, opus: modelName, sonnet: modelName, haiku: modelName, smallFast: modelName }, { requiredKeys: [] }),
    resetModels: fc.boolean(),
    force: fc.boolean(),
  },
  { requiredKeys: [] },
);
