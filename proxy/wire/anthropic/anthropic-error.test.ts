import { describe, expect, it } from 'vitest';
import type { IRError } from '../ir.js';
import { anthropicErrorToIrKind, renderAnthropicError } from './anthropic-error.js';

describe('renderAnthropicError', () => {
  it('renders Anthropic error bodies with Anthropic type names', () => {
    expect(renderAnthropicError({ kind: 'rate_limit', status: 429, message: 'slow down' }, 'req_1')).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down' },
      request_id: 'req_1',
    });
  });

  it.each<[IRError['kind'], string]>([
    ['invalid_request', 'invalid_request_error'],
    ['authentication', 'authentication_error'],
    ['permission', 'permission_error'],
    ['not_found', 'not_found_error'],
    ['rate_limit', 'rate_limit_error'],
    ['overloaded', 'overloaded_error'],
    ['api_error', 'api_error'],
    ['timeout', 'timeout_error'],
  ])('%s → %s, and back', (kind, type) => {
    expect(renderAnthropicError({ kind, status: 500, message: 'm' }, '').error.type).toBe(type);
    expect(anthropicErrorToIrKind(type).kind).toBe(kind);
  });
});
