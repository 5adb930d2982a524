import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IRResponse, IRUsage } from '../ir.js';
import type { RenderContext } from '../wire-format.js';
import { renderChatError } from './chat-error.js';
import { mapChatFinishReason } from './map-chat-finish-reason.js';
import { parseChatRequest } from './parse-chat-request.js';
import { renderChatResponse } from './render-chat-response.js';

const usage: IRUsage = { inputTokens: 10, outputTokens: 20, cacheReadTokens: 100, cacheWriteTokens: 5, reasoningTokens: null, estimated: false };
const context: RenderContext = {
  requestedModel: 'gpt-5',
  created: 1_770_000_000,
  responseId: 'chatcmpl-test',
  request: parseChatRequest({ model: 'gpt-5', messages: [{ role: 'user', content: 'Hi' }] }).request,
};
const response = (content: IRResponse['content'], stopReason: IRResponse['stopReason'] = 'end_turn'): IRResponse => ({
  id: 'msg_1',
  upstreamModel: 'claude-sonnet-4-6',
  content,
  stopReason,
  stopSequence: null,
  usage,
});

describe('renderChatResponse', () => {
  it('renders text and reasoning as a chat.completion under the requested model name', () => {
    expect(
      renderChatResponse(
        response([
          { type: 'reasoning', text: 'Short ', signature: 'sig' },
          { type: 'reasoning', text: 'thought.' },
          { type: 'text', text: 'Hello' },
          { type: 'text', text: ' world' },
        ]),
        context,
      ),
    ).toEqual({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_770_000_000,
      model: 'gpt-5',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello world', reasoning_content: 'Short thought.', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 115,
        completion_tokens: 20,
        total_tokens: 135,
        prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it('renders a turn of only tool calls with content null, and arguments "" as "{}"', () => {
    const { choices } = renderChatResponse(
      response(
        [
          { type: 'reasoning', text: '', encrypted: 'opaque' },
          { type: 'tool-call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_b', name: 'now', arguments: '' },
        ],
        'tool_use',
      ),
      context,
    );
    expect(choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'now', arguments: '{}' } },
        ],
        refusal: null,
        annotations: [],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
  });

  it('renders an empty answer as content "" (not null)', () => {
    expect(renderChatResponse(response([], 'max_tokens'), context).choices[0].message.content).toBe('');
  });

  it('has the fields of a recorded OpenAI response (fixtures/openai-text.json)', () => {
    const recorded = JSON.parse(readFileSync(new URL('./__fixtures__/openai-text.json', import.meta.url), 'utf8')) as Record<string, unknown> & {
      choices: Array<Record<string, unknown> & { message: Record<string, unknown> }>;
    };
    const mine = renderChatResponse(response([{ type: 'text', text: 'Hi' }]), context);
    const omitted = ['service_tier', 'system_fingerprint'];
    expect(Object.keys(mine).sort()).toEqual(Object.keys(recorded).filter((key) => !omitted.includes(key)).sort());
    expect(Object.keys(mine.choices[0]).sort()).toEqual(Object.keys(recorded.choices[0]!).sort());
    expect(Object.keys(mine.choices[0].message).sort()).toEqual(Object.keys(recorded.choices[0]!.message).sort());
  });
});

describe('mapChatFinishReason', () => {
  it.each([
    ['end_turn', false, 'stop'],
    ['stop_sequence', false, 'stop'],
    ['pause_turn', false, 'stop'],
    ['error', false, 'stop'],
    ['max_tokens', false, 'length'],
    ['max_tokens', true, 'length'],
    ['tool_use', true, 'tool_calls'],
    ['end_turn', true, 'tool_calls'],
    ['refusal', false, 'content_filter'],
  ] as const)('%s (tool calls: %s) → %s', (stopReason, calledTools, expected) => {
    expect(mapChatFinishReason(stopReason, calledTools)).toBe(expected);
  });
});

describe('renderChatError', () => {
  it.each([
    ['invalid_request', 400, 'invalid_request_error', null],
    ['authentication', 401, 'invalid_request_error', 'invalid_api_key'],
    ['permission', 403, 'insufficient_permissions', null],
    ['not_found', 404, 'invalid_request_error', null],
    ['rate_limit', 429, 'rate_limit_error', 'rate_limit_exceeded'],
    ['overloaded', 529, 'server_error', null],
    ['api_error', 500, 'server_error', null],
    ['timeout', 504, 'server_error', null],
  ] as const)('%s → %s', (kind, status, type, code) => {
    expect(renderChatError({ kind, status, message: 'words' })).toEqual({ error: { message: 'words', type, param: null, code } });
  });
});
