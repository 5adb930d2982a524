import { describe, expect, it } from 'vitest';
import { recordedText } from '../__fixtures__/recorded.js';
import { classifyOpenAIFailure, openAIErrorToIr } from './openai-error.js';

const NOW = Date.parse('2026-12-06T04:00:00Z');
const body = (type: string | null, code: string | null, message = 'msg') => JSON.stringify({ error: { message, type, param: null, code } });
const failure = (status: number, text: string, headers: Record<string, string> = {}) => classifyOpenAIFailure(status, new Headers(headers), text, NOW);

describe('OpenAI error answers', () => {
  it('reads a recorded 400 body as an invalid request that spares the key', () => {
    const text = recordedText('../openai-chat/__fixtures__/reasoning-model-legacy-parameter-error.json', import.meta.url);
    expect(openAIErrorToIr(400, text)).toEqual({ kind: 'invalid_request', status: 400, message: expect.stringMatching(/^Unsupported parameter: 'max_tokens'/) });
    expect(failure(400, text)).toMatchObject({ class: 'bad_request', retryAt: null });
  });

  it('tells a used-up quota (billing; no time) from a rate limit (retry-after, else the reset of the limit that ran out)', () => {
    const quota = body('insufficient_quota', 'insufficient_quota', 'You exceeded your current quota');
    expect(failure(429, quota, { 'retry-after': '20' })).toEqual({ class: 'quota_exhausted', retryAt: null, reason: expect.stringMatching(/quota is used up/) });
    expect(openAIErrorToIr(429, quota)).toEqual({ kind: 'rate_limit', status: 429, message: 'You exceeded your current quota' });

    const limited = body('requests', 'rate_limit_exceeded');
    expect(failure(429, limited, { 'retry-after': '20' })).toEqual({ class: 'rate_limit', retryAt: new Date(NOW + 20_000), reason: 'rate limited' });
    expect(failure(429, limited, { 'retry-after-ms': '1500' }).retryAt).toEqual(new Date(NOW + 1500));
    const headers = { 'x-ratelimit-remaining-requests': '5', 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '6m0s' };
    expect(failure(429, limited, headers)).toEqual({ class: 'rate_limit', retryAt: new Date(NOW + 360_000), reason: 'tokens rate limit' });
    expect(failure(429, limited)).toEqual({ class: 'rate_limit', retryAt: null, reason: 'rate limited' });
  });

  it('classifies auth, permission, not found, overload and server errors', () => {
    expect(failure(401, body('invalid_request_error', 'invalid_api_key', 'Incorrect API key provided'))).toEqual({ class: 'auth', retryAt: null, reason: 'Incorrect API key provided' });
    expect(failure(403, body(null, 'unsupported_country_region_territory'))).toMatchObject({ class: 'permission' });
    expect(failure(404, body('invalid_request_error', 'model_not_found'))).toMatchObject({ class: 'bad_request' });
    expect(openAIErrorToIr(404, body('invalid_request_error', 'model_not_found', 'no such model'))).toEqual({ kind: 'not_found', status: 404, message: 'no such model' });
    expect(failure(503, body('server_error', null), { 'retry-after': '3' })).toEqual({ class: 'overloaded', retryAt: new Date(NOW + 3000), reason: expect.stringMatching(/overloaded/) });
    expect(failure(500, 'Internal Server Error')).toMatchObject({ class: 'overloaded', retryAt: null });
    expect(openAIErrorToIr(500, 'Internal Server Error')).toEqual({ kind: 'api_error', status: 500, message: expect.stringMatching(/internal error; retry later \(HTTP 500\)/) });
  });

  it("reads the compatible servers' shapes: a string error, vLLM's flat object", () => {
    expect(openAIErrorToIr(400, JSON.stringify({ error: 'model "qwen9" not found, try pulling it first' }))).toMatchObject({ message: 'model "qwen9" not found, try pulling it first' });
    expect(openAIErrorToIr(400, JSON.stringify({ object: 'error', message: 'max_tokens is too large', type: 'BadRequestError', code: 400 }))).toMatchObject({
      kind: 'invalid_request',
      message: 'max_tokens is too large',
    });
  });
});
