import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Every response carries x-request-id; the same id names the request in the log and in error bodies. */
export const requestId: RequestHandler = (_req, res, next) => {
  const id = `req_sb_${randomBytes(12).toString('base64url')}`;
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  next();
};
