import { describe, expect, it } from 'vitest';
import { classifyAnthropicError } from './anthropic-error.js';

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
