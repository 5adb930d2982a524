import type { ErrorRequestHandler, RequestHandler } from 'express';
import { createLogger } from '../log.js';
import { ApiError } from './api-error.js';
import { errorShapeFor, sendApiError } from './error-shape.js';

const log = createLogger('http/errors');

export const notFound: RequestHandler = (req, res) => {
  sendApiError(res, new ApiError(404, 'not_found', `no such endpoint: ${req.method} ${req.path}`, { code: 'unknown_url' }), errorShapeFor(req));
};

/** What body-parser (and raw-body, and zlib under it) attach to the errors of reading a body. */
interface BodyReadError {
  type?: unknown;
  status?: unknown;
  message?: string;
}

/**
 * A failure to read the request, as an error a client can act on. body-parser marks its own refusals with a
 * `type`; a body that does not decode as its Content-Encoding says fails in zlib, which marks nothing, and any
 * other 4xx (from body-parser or the router: a path that does not decode) is the client's too. Only a 5xx is
 * Switchboard's own fault.
 */
function fromRequestReading(error: BodyReadError, contentEncoding: string | undefined, bodyLimit: string | number): ApiError | null {
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
    case 'request.size.invalid':
      return new ApiError(400, 'invalid_request', 'the request body is not as long as its Content-Length says');
  }
  if (typeof error.status !== 'number' || error.status < 400 || error.status >= 500) return null;
  if (error.type === undefined && contentEncoding !== undefined && contentEncoding.toLowerCase() !== 'identity') {
    return new ApiError(400, 'invalid_request', `the request body does not decode as its Content-Encoding "${contentEncoding}" says: ${error.message ?? 'decoding failed'}`);
  }
  return new ApiError(error.status, 'invalid_request', `the request could not be read: ${error.message ?? 'unknown problem'}`);
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
        : (fromRequestReading(error as BodyReadError, req.headers['content-encoding'], bodyLimit) ??
          new ApiError(500, 'api_error', `internal error in Switchboard (request ${String(res.locals.requestId)}); see the server log`));
    if (apiError.status >= 500 && !(error instanceof ApiError)) log.error({ err: error, requestId: res.locals.requestId }, 'unexpected error');
    sendApiError(res, apiError, errorShapeFor(req));
  };
}
