import type { ErrorRequestHandler, RequestHandler } from 'express';
import { createLogger } from '../log.js';
import { ApiError } from './api-error.js';
import { errorShapeFor, sendApiError } from './error-shape.js';

const log = createLogger('http/errors');

export const notFound: RequestHandler = (req, res) => {
  sendApiError(res, new ApiError(404, 'not_found', `no such endpoint: ${req.method} ${req.path}`, { code: 'unknown_url' }), errorShapeFor(req));
};

/** body-parser failures, by their `type`, as errors a client can act on. */
function fromBodyParser(error: { type?: unknown; limit?: unknown; message?: string }, bodyLimit: string | number): ApiError | null {
  switch (error.type) {
    case 'entity.too.large':
      return new ApiError(413, 'request_too_large', `the request body is larger than the limit of ${String(bodyLimit)} (config "body-limit")`);
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_request', `the request body is not valid JSON: ${error.message ?? 'parse error'}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'invalid_request', `unsupported request encoding: ${error.message ?? ''}`);
    case 'request.aborted':
      return new ApiError(400, 'invalid_request', 'the request body ended early');
    default:
      return null;
  }
}

export function errorHandler(bodyLimit: string | number): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent || res.destroyed) {
      if (!res.writableEnded) res.end();
      return;
    }
    const apiError =
      error instanceof ApiError
        ? error
        : (fromBodyParser(error as { type?: unknown }, bodyLimit) ??
          new ApiError(500, 'api_error', `internal error in Switchboard (request ${String(res.locals.requestId)}); see the server log`));
    if (apiError.status >= 500 && !(error instanceof ApiError)) log.error({ err: error, requestId: res.locals.requestId }, 'unexpected error');
    sendApiError(res, apiError, errorShapeFor(req));
  };
}
