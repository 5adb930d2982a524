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
  /** The window resets at 14:05, while Retry-After says an hour: the window's own reset wins. */
  const WINDOW_RESET = new Date('2026-11-23T14:05:00Z');
  const windowReset = (headers: Headers) => (headers.get('x-window') ? { resetsAt: WINDOW_RESET, reason: '5-hour limit' } : null);

  it("cools a rate-limited account down until the window's own reset, when the target reads one", () => {
    const headers = new Headers({ 'retry-after': '3600', 'x-window': 'rejected' });
    expect(classifyAnthropicFailure(429, headers, body('rate_limit_error', 'limit'), { now: NOW, windowReset })).toEqual({
      class: 'rate_limit',
      retryAt: WINDOW_RESET,
      reason: '5-hour limit',
    });
  });

  it('falls back to Retry-After when no window names a reset', () => {
    expect(classifyAnthropicFailure(429, new Headers({ 'retry-after': '120' }), body('rate_limit_error', 'limit'), { now: NOW, windowReset })).toEqual({
      class: 'rate_limit',
      retryAt: new Date(NOW + 120_000),
      reason: 'rate limited',
    });
    expect(classifyAnthropicFailure(429, new Headers({ 'retry-after': '120', 'x-window': 'rejected' }), body('rate_limit_error', 'limit'), { now: NOW })).toMatchObject({
      retryAt: new Date(NOW + 120_000),
    });
    expect(classifyAnthropicFailure(429, new Headers(), body('rate_limit_error', 'limit'), { now: NOW }).retryAt).toBeNull();
  });

  it("keeps an overloaded upstream's Retry-After", () => {
    expect(classifyAnthropicFailure(529, new Headers({ 'retry-after': '30' }), body('overloaded_error', 'Overloaded'), { now: NOW })).toMatchObject({
      class: 'overloaded',
      retryAt: new Date(NOW + 30_000),
    });
  });
});
