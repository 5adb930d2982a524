import type { IRError } from '../ir.js';
import { assertNever } from '../ir.js';

/** Anthropic's error type names (the `error.type` of an error body or stream event). */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error'
  | 'timeout_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id: string;
}

export function anthropicErrorType(kind: IRError['kind']): AnthropicErrorType {
  switch (kind) {
    case 'invalid_request':
      return 'invalid_request_error';
    case 'authentication':
      return 'authentication_error';
    case 'permission':
      return 'permission_error';
    case 'not_found':
      return 'not_found_error';
    case 'rate_limit':
      return 'rate_limit_error';
    case 'overloaded':
      return 'overloaded_error';
    case 'api_error':
      return 'api_error';
    case 'timeout':
      return 'timeout_error';
    default:
      return assertNever(kind, 'error kind');
  }
}

/** An error before streaming began, as Anthropic's own error body. */
export function renderAnthropicError(error: IRError, requestId: string): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(error.kind), message: error.message }, request_id: requestId };
}

/** Anthropic's error type (from a stream's `event: error`) as an IR error kind, with the status it stands for. */
export function anthropicErrorToIrKind(type: string): Pick<IRError, 'kind' | 'status'> {
  switch (type) {
    case 'invalid_request_error':
      return { kind: 'invalid_request', status: 400 };
    case 'request_too_large':
      return { kind: 'invalid_request', status: 413 };
    case 'authentication_error':
      return { kind: 'authentication', status: 401 };
    case 'billing_error':
      return { kind: 'permission', status: 402 };
    case 'permission_error':
      return { kind: 'permission', status: 403 };
    case 'not_found_error':
      return { kind: 'not_found', status: 404 };
    case 'rate_limit_error':
      return { kind: 'rate_limit', status: 429 };
    case 'timeout_error':
      return { kind: 'timeout', status: 504 };
    case 'overloaded_error':
      return { kind: 'overloaded', status: 529 };
    default:
      return { kind: 'api_error', status: 500 };
  }
}
