import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ApiError } from '../api-error.js';
import { errorShapeFor, sendApiError } from '../error-shape.js';

/** Per client IP, over a minute; answers 429 with Retry-After in the caller's error format. */
export function perIpRateLimit(requestsPerMinute: number): RequestHandler {
  if (requestsPerMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: requestsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The limit counts the socket's address: forwarding headers are the client's to write (trust proxy is off on
    // purpose), so their presence is no misconfiguration to print on stderr at a client's will.
    validate: { xForwardedForHeader: false, forwardedHeader: false },
    handler: (req, res, _next, options) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfterSeconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : options.windowMs / 1000;
      sendApiError(
        res,
        new ApiError(429, 'rate_limit', `too many requests from this address: the limit is ${requestsPerMinute} a minute (config "rate-limit.requests-per-minute")`, {
          retryAfterSeconds,
          code: 'rate_limit_exceeded',
        }),
        errorShapeFor(req),
      );
    },
  });
}
