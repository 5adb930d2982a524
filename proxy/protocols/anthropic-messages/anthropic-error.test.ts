import { describe, expect, it } from 'vitest';
import { classifyAnthropicError, classifyAnthropicFailure } from './anthropic-error.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_1' });

describe('classifyAnthropicError', () => {
  it('follows the table in PROTOCOLS.md', () => {
    expect(classifyAnthropicError(401, body('authentication_error', 'Invalid bearer token')).kind).toBe('auth');
    expect(classifyAnthropicError(403, body('permission_error', 'no')).kind).toBe('permission');
    expect(classifyAnthropicError(400, body('invalid_request_error', 'Third-party apps now draw from your extra usage, not your plan limits.')).kind).toBe(
      'third_party_extra_usage',
    );
    expect(classifyAnthropicError(429, body('rate_limit_error', 'limit')).kind).toBe('rate_limited');
    expect(classifyAnthropicError(529, body('overloaded_error', 'Overloaded')).kind).toBe('overloaded');
    expect(classifyAnthropicError(503, '<html>busy</html>').kind).toBe('server_error');
    expect(classifyAnthropicError(400, body('invalid_request_error', 'max_tokens: Field required')).kind).toBe('bad_request');
  });

  it('keeps the upstream type and message', () => {
    expect(classifyAnthropicError(429, body('rate_limit_error', 'Five-hour limit reached'))).toMatchObject({ type: 'rate_limit_error', message: 'Five-hour limit reached' });
  });
});

describe('classifyAnthropicFailure', () => {
  const NOW = Date.parse('2026-11-23T12:00:00Z');
  /** The 5-hour window resets at 14:05, while Retry-After says an hour: the window's own reset wins. */
  const FIVE_HOUR_RESET = Date.parse('2026-11-23T14:05:00Z') / 1000;
  const rejectedFiveHour = () =>
    new Headers({
      'retry-after': '3600',
      'anthropic-ratelimit-unified-status': 'rejected',
      'anthropic-ratelimit-unified-representative-claim': 'five_hour',
      'anthropic-ratelimit-unified-5h-status': 'rejected',
      'anthropic-ratelimit-unified-5h-reset': String(FIVE_HOUR_RESET),
    });

  it("cools a rate-limited account down until its window's own reset", () => {
    expect(classifyAnthropicFailure(429, rejectedFiveHour(), body('rate_limit_error', 'limit'), NOW)).toEqual({
      class: 'rate_limit',
      retryAt: new Date(FIVE_HOUR_RESET * 1000),
      reason: '5-hour limit',
    });
  });

  it('falls back to Retry-After when the unified headers name no reset', () => {
    expect(classifyAnthropicFailure(429, new Headers({ 'retry-after': '120' }), body('rate_limit_error', 'limit'), NOW)).toEqual({
      class: 'rate_limit',
      retryAt: new Date(NOW + 120_000),
      reason: 'rate limited',
    });
    expect(classifyAnthropicFailure(429, new Headers(), body('rate_limit_error', 'limit'), NOW).retryAt).toBeNull();
  });

  it("keeps an overloaded upstream's Retry-After", () => {
    expect(classifyAnthropicFailure(529, new Headers({ 'retry-after': '30' }), body('overloaded_error', 'Overloaded'), NOW)).toMatchObject({
      class: 'overloaded',
      retryAt: new Date(NOW + 30_000),
    });
  });
});
