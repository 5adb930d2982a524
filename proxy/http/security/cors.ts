import cors from 'cors';
import type { RequestHandler } from 'express';
import { ApiError } from '../api-error.js';
import { errorShapeFor, sendApiError } from '../error-shape.js';
import { isLoopbackHost } from './host-check.js';

export function isLocalOrigin(origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/**
 * Browsers may call the API only from pages on localhost. A request carrying any other Origin is refused
 * outright (not just left without CORS headers), so a foreign page cannot even fire blind requests.
 */
export function localhostOnlyCors(): RequestHandler[] {
  const refuseForeignOrigins: RequestHandler = (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || isLocalOrigin(origin)) return next();
    sendApiError(res, new ApiError(403, 'permission', `Origin "${origin}" is not allowed: only pages on localhost may call this server`), errorShapeFor(req));
  };
  const allowLocal = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && isLocalOrigin(origin)),
    allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'anthropic-version', 'anthropic-beta', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'request-id', 'retry-after'],
    maxAge: 600,
  });
  return [refuseForeignOrigins, allowLocal];
}
