import type { RequestHandler } from 'express';
import type { KeyPolicy } from '../../usage/key-policy.js';
import { ApiError } from '../api-error.js';
import { callerOf } from './api-key.js';

/**
 * A managed key's limits (model allow-list, monthly budgets, requests per minute, concurrency), checked before a
 * request goes anywhere; refusals come in the client's own error shape. Owner and config keys have no limits.
 */
export function keyPolicy(policy: KeyPolicy): RequestHandler {
  return (req, res, next) => {
    const managed = callerOf(res.locals)?.managed;
    if (!managed) return next();
    const body = req.body as { model?: unknown } | undefined;
    const admission = policy.admit(managed, typeof body?.model === 'string' ? body.model : null);
    if (!admission.ok) {
      throw new ApiError(admission.status, admission.kind, admission.message, {
        code: admission.code,
        ...(admission.retryAfterSeconds !== undefined ? { retryAfterSeconds: admission.retryAfterSeconds } : {}),
      });
    }
    res.once('close', admission.release);
    next();
  };
}
