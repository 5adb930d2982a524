import type { IRError } from '../ir.js';
import { assertNever } from '../ir.js';
import type { ResponsesErrorDetail } from './responses-api.js';

/**
 * IR errors in OpenAI's words. The codes matter to the Codex CLI, which reads `response.failed`'s
 * `error.code`: `context_length_exceeded` and `insufficient_quota` end the turn with a clear message,
 * `rate_limit_exceeded` is retried after the "try again in Ns" the message names, anything else is retried
 * (openai/codex codex-rs/codex-api/src/sse/responses.rs).
 */
export function responsesErrorDetail(error: IRError): ResponsesErrorDetail {
  const detail = (type: string, code: string): ResponsesErrorDetail => ({ message: error.message, type, param: null, code });
  switch (error.kind) {
    case 'invalid_request':
      return CONTEXT_OVERFLOW.test(error.message) ? detail('invalid_request_error', 'context_length_exceeded') : detail('invalid_request_error', 'invalid_request_error');
    case 'authentication':
      return detail('authentication_error', 'authentication_error');
    case 'permission':
      return detail('permission_error', 'permission_denied');
    case 'not_found':
      return detail('not_found_error', 'not_found');
    case 'rate_limit':
      return detail('rate_limit_error', 'rate_limit_exceeded');
    case 'overloaded':
      return detail('server_error', 'server_is_overloaded');
    case 'api_error':
      return detail('server_error', 'server_error');
    case 'timeout':
      return detail('server_error', 'timeout');
    default:
      return assertNever(error.kind, 'error kind');
  }
}

/** How Anthropic and OpenAI word a prompt that does not fit the context window. */
const CONTEXT_OVERFLOW = /prompt is too long|context (length|window)|maximum context|too many (input )?tokens/i;

/** The JSON body of an error answered before streaming began: `{ error: { message, type, param, code } }`. */
export function renderResponsesError(error: IRError, _requestId: string): { error: ResponsesErrorDetail } {
  return { error: responsesErrorDetail(error) };
}
