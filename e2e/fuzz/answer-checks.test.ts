import { describe, expect, it } from 'vitest';
import { expectedErrorShape, problemsWith, streamProblems, type SentRequest } from './answer-checks.js';
import type { Answer } from './send.js';

/** The checks are the fuzzer's guards: each must see what it is there to see, and nothing else. */

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    status,
    headers: { 'x-request-id': 'req_sb_test', 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8', ...headers },
    body: bytes,
    truncated: false,
    transportError: null,
    json: () => JSON.parse(bytes.toString()) as unknown,
  };
}

const messages: SentRequest = { method: 'POST', path: '/v1/messages', caller: 'owner', route: { access: 'key', success: 'anthropic-message' } };
const adminKeys: SentRequest = { method: 'GET', path: '/admin/keys', caller: 'owner', route: { access: 'admin', success: 'json' } };
const anthropicError = { type: 'error', error: { type: 'invalid_request_error', message: 'bad' }, request_id: 'req_sb_test' };
const openAIError = { error: { message: 'bad', type: 'invalid_request_error', param: null, code: null } };

describe('the answer checks', () => {
  it('accept a 4xx in the shape of its path, and refuse the other shape', () => {
    expect(problemsWith(messages, answer(400, anthropicError))).toEqual([]);
    expect(problemsWith(adminKeys, answer(400, openAIError))).toEqual([]);
    expect(problemsWith(messages, answer(400, openAIError))).toEqual([expect.stringMatching(/^not an Anthropic error/)]);
    expect(problemsWith(adminKeys, answer(400, anthropicError))).toEqual([expect.stringMatching(/^not an OpenAI error/)]);
  });

  it('take either shape for headers too large, which the HTTP parser refuses before any route', () => {
    expect(problemsWith(messages, answer(431, openAIError))).toEqual([]);
    expect(problemsWith(messages, answer(431, anthropicError))).toEqual([]);
    expect(problemsWith(messages, answer(431, { message: 'too large' }))).toEqual([expect.stringMatching(/^not an Anthropic error .* or an OpenAI error/)]);
  });

  it('refuse a 5xx, an error that is not JSON, and an answer without a request id', () => {
    expect(problemsWith(adminKeys, answer(500, openAIError))).toEqual([expect.stringMatching(/^status 500/)]);
    expect(problemsWith(adminKeys, answer(400, 'Bad Request'))).toEqual([expect.stringMatching(/not JSON/)]);
    expect(problemsWith(adminKeys, answer(404, openAIError, { 'x-request-id': '' }))).toEqual(['no x-request-id header']);
    expect(problemsWith(adminKeys, answer(301, '', { location: '/x' }))).toContainEqual(expect.stringMatching(/^status 301/));
    expect(problemsWith(adminKeys, { ...answer(0, ''), transportError: 'socket hang up' })).toEqual(['no HTTP answer: socket hang up']);
  });

  it('refuse a 2xx for a caller that may not have one', () => {
    expect(problemsWith({ ...adminKeys, caller: 'client' }, answer(200, { keys: [] }))).toEqual(['a 2xx from the admin API for a client key']);
    expect(problemsWith({ ...messages, caller: 'none' }, answer(200, { type: 'message', content: [] }))).toEqual(['a 2xx for a request without a valid key (none)']);
    const rotate: SentRequest = { method: 'POST', path: '/admin/owner-key/rotate', caller: 'admin', route: { access: 'owner', success: 'json' } };
    expect(problemsWith(rotate, answer(200, { key: 'x' }))).toEqual(['a 2xx for the admin key where only the owner key may act']);
    expect(problemsWith({ ...adminKeys, route: null }, answer(200, {}))).toEqual([expect.stringMatching(/no endpoint serves/)]);
  });

  it('refuse a 2xx that is not what the endpoint answers', () => {
    expect(problemsWith(messages, answer(200, { type: 'message', content: [] }))).toEqual([]);
    expect(problemsWith(messages, answer(200, { object: 'chat.completion', choices: [] }))).toEqual([expect.stringMatching(/not an Anthropic message/)]);
    expect(problemsWith(adminKeys, answer(200, 'GET, HEAD'))).toEqual([expect.stringMatching(/not JSON/)]);
  });

  it('bound every answer but a CSV export', () => {
    expect(problemsWith(adminKeys, { ...answer(200, {}), truncated: true })).toContain('the answer is larger than 16 MB');
    const csv: SentRequest = { method: 'GET', path: '/admin/usage/export.csv', caller: 'owner', route: { access: 'admin', success: 'csv' } };
    expect(problemsWith(csv, { ...answer(200, 'at,time_utc\n', { 'content-type': 'text/csv' }), truncated: true })).toEqual([]);
  });

  it('expect the Anthropic shape on every path a Messages client can address, whatever its case', () => {
    expect(expectedErrorShape('/v1/messages?beta=true')).toBe('anthropic');
    expect(expectedErrorShape('/V1/Messages/count_tokens')).toBe('anthropic');
    expect(expectedErrorShape('/v1/messages/anything')).toBe('anthropic');
    expect(expectedErrorShape('//v1//messages/count_tokens')).toBe('anthropic');
    expect(expectedErrorShape('/v1/models', { 'Anthropic-Version': '2023-06-01' })).toBe('anthropic');
    expect(expectedErrorShape('/v1/models/claude-x', { 'anthropic-version': '2023-06-01' })).toBe('anthropic');
    expect(expectedErrorShape('/v1/models')).toBe('openai');
    expect(expectedErrorShape('/v1/mess')).toBe('openai');
    expect(expectedErrorShape('/v1/chat/completions')).toBe('openai');
    expect(expectedErrorShape('/admin/keys')).toBe('openai');
  });
});

describe('the stream check', () => {
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

  it('accepts a stream that ends with its terminal event, or an error event', () => {
    expect(streamProblems('anthropic-message', event('message_start', {}) + event('message_stop', { type: 'message_stop' }))).toEqual([]);
    expect(streamProblems('anthropic-message', event('message_start', {}) + event('error', { type: 'error' }))).toEqual([]);
    expect(streamProblems('chat-completion', `data: {"choices":[]}\n\ndata: [DONE]\n\n`)).toEqual([]);
    expect(streamProblems('response', event('response.created', {}) + event('response.completed', {}))).toEqual([]);
  });

  it('refuses a stream cut short, one with data that is not JSON, and an empty one', () => {
    expect(streamProblems('anthropic-message', event('message_start', {}) + event('content_block_delta', {}))).toEqual([expect.stringMatching(/ends with "content_block_delta"/)]);
    expect(streamProblems('chat-completion', 'data: {"choices":[]}\n\n')).toEqual([expect.stringMatching(/without \[DONE\]/)]);
    expect(streamProblems('response', 'event: response.created\ndata: {"a":\n\n')).toEqual([expect.stringMatching(/not JSON/)]);
    expect(streamProblems('response', '')).toEqual(['an empty event stream']);
  });
});
