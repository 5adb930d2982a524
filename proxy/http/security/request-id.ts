import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/** A new request id: "req_sb_" and 96 random bits. */
export function newRequestId(): string {
  return `req_sb_${randomBytes(12).toString('base64url')}`;
}

/** Every response carries x-request-id; the same id names the request in the log and in error bodies. */
export const requestId: RequestHandler = (_req, res, next) => {
  const id = newRequestId();
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  next();
};
