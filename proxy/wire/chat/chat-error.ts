import type { IRError } from '../ir.js';
import type { ChatErrorBody } from './chat-api.js';

/**
 * OpenAI's error `type` and `code` for each IR error kind. The HTTP layer's own OpenAI-shaped errors
 * (http/error-shape.ts) take their types from here, so a client sees one vocabulary whichever layer answered; the openai SDKs pick
 * their exception class from the HTTP status, the codes are for clients that branch on them.
 */
const OPENAI_ERRORS: Record<IRError['kind'], { type: string; code: string | null }> = {
  invalid_request: { type: 'invalid_request_error', code: null },
  authentication: { type: 'invalid_request_error', code: 'invalid_api_key' },
  permission: { type: 'insufficient_permissions', code: null },
  not_found: { type: 'invalid_request_error', code: null },
  rate_limit: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  overloaded: { type: 'server_error', code: null },
  api_error: { type: 'server_error', code: null },
  timeout: { type: 'server_error', code: null },
};

/** OpenAI's error `type` for an IR error kind (the HTTP layer's own errors use it too). */
export function openAIErrorType(kind: IRError['kind']): string {
  return OPENAI_ERRORS[kind].type;
}

/** An IR error as OpenAI's error body: the JSON of an error response, and the data of a mid-stream error event. */
export function renderChatError(error: IRError): ChatErrorBody {
  const { type, code } = OPENAI_ERRORS[error.kind];
  return { error: { message: error.message, type, param: null, code } };
}
