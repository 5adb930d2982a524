import type { Request, Response } from 'express';
import { formatSse, jsonFrame } from '../wire/sse.js';
import type { ApiError, ErrorKind } from './api-error.js';

/** Which wire format a path answers in. Anthropic clients parse Anthropic errors; everyone else OpenAI's. */
export type ErrorShape = 'anthropic' | 'openai';

/** The shape for a request, from its full path (mounted routers see only part of it in req.path). */
export function errorShapeFor(req: Request): ErrorShape {
  const path = req.originalUrl.split('?')[0] ?? '/';
  return path === '/v1/messages' || path.startsWith('/v1/messages/') ? 'anthropic' : 'openai';
}

const ANTHROPIC_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  api_error: 'api_error',
  overloaded: 'overloaded_error',
  timeout: 'api_error',
  unavailable: 'api_error',
};

const OPENAI_TYPES: Record<ErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'invalid_request_error',
  permission: 'insufficient_permissions',
  not_found: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  api_error: 'server_error',
  overloaded: 'server_error',
  timeout: 'server_error',
  unavailable: 'server_error',
};

/** Anthropic's error object: the body of an error answer (with its request id) and the data of a stream's error event. */
function anthropicError(error: ApiError) {
  return { type: 'error', error: { type: ANTHROPIC_TYPES[error.kind], message: error.message } };
}

function openAIErrorBody(error: ApiError): object {
  return {
    error: {
      message: error.message,
      type: OPENAI_TYPES[error.kind],
      param: error.options.param ?? null,
      code: error.options.code ?? null,
    },
  };
}

/** Anthropic's mid-stream error event (the SSE form of the same body). */
export function anthropicErrorEvent(error: ApiError): string {
  return formatSse(jsonFrame('error', anthropicError(error)));
}

export function sendApiError(res: Response, error: ApiError, shape: ErrorShape): void {
  const requestId = String(res.getHeader('x-request-id') ?? '');
  res.locals.errorMessage = error.message; // for the usage event of this request
  if (error.options.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(Math.max(1, Math.ceil(error.options.retryAfterSeconds))));
  res.status(error.status).json(shape === 'anthropic' ? { ...anthropicError(error), request_id: requestId } : openAIErrorBody(error));
}
