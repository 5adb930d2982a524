import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { hashKey, type KeyRing } from '../../keys/key-ring.js';
import { ApiError } from '../api-error.js';
import { errorShapeFor, sendApiError } from '../error-shape.js';

/** Keys a client presents: `x-api-key` and/or `Authorization: Bearer` (Claude Code may send both). */
export function presentedKeys(headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) keys.push(apiKey.trim());
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  if (match?.[1]?.trim()) keys.push(match[1].trim());
  return keys;
}

export function requireApiKey(keys: KeyRing): RequestHandler {
  return (req, res, next) => {
    const presented = presentedKeys(req.headers);
    const shape = errorShapeFor(req);
    if (presented.length === 0) {
      sendApiError(
        res,
        new ApiError(401, 'authentication', 'missing API key: send your Switchboard key as "x-api-key" or "Authorization: Bearer" (see `switchboard key show`)', {
          code: 'invalid_api_key',
        }),
        shape,
      );
      return;
    }
    keys.accepts(presented).then(
      (accepted) => {
        if (accepted) {
          // Names the caller without the key itself (sticky sessions for clients that send no session id).
          res.locals.apiKeyHash = hashKey(presented[0] ?? '').toString('hex').slice(0, 16);
          return next();
        }
        sendApiError(res, new ApiError(401, 'authentication', 'invalid API key: it is not a key of this Switchboard', { code: 'invalid_api_key' }), shape);
      },
      (error: unknown) => next(error),
    );
  };
}
