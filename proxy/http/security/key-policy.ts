import type { Request, RequestHandler } from 'express';
import type { ModelRouter } from '../../router/model-router.js';
import type { KeyPolicy } from '../../usage/key-policy.js';
import type { Pricing } from '../../usage/pricing.js';
import { ApiError } from '../api-error.js';
import { callerOf } from './api-key.js';
import { quoteRequest } from './request-quote.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import { pinningOf } from '../routes/dispatch.js';

const FINAL_REFUSALS: ReadonlySet<string> = new Set(['insufficient_quota', 'model_not_allowed', 'model_unpriced']);

/**
 * A managed key's limits (model allow-list, monthly budgets, requests per minute, concurrency), checked before a
 * request goes anywhere; refusals come in the client's own error shape. Owner and config keys have no limits.
 */
export function keyPolicy(policy: KeyPolicy, context: { router: ModelRouter; pricing: Pricing; pool: Pick<AccountPool, 'get'> }): RequestHandler {
  return (req, res, next) => {
    const managed = callerOf(res.locals)?.managed;
    if (!managed) return next();
    const bodyBytes = (req as Request & { rawBody?: Buffer }).rawBody?.length ?? 0;
    // The quote covers the targets the request may reach: a pinned key's, else its model's whole fallback chain.
    const pinning = pinningOf(res.locals, context.pool);
    const admission = policy.admit(managed, quoteRequest(req.path, req.body, bodyBytes, context, { onlyTarget: pinning.target }));
    if (!admission.ok) {
      throw new ApiError(admission.status, admission.kind, admission.message, {
        code: admission.code,
        // The same request again cannot pass before the month turns or the owner changes the key: clients should
        // not retry it (the SDKs would, twice, on a 429 whose Retry-After is weeks away).
        final: FINAL_REFUSALS.has(admission.code),
        ...(admission.retryAfterSeconds !== undefined ? { retryAfterSeconds: admission.retryAfterSeconds } : {}),
      });
    }
    res.once('close', admission.release);
    next();
  };
}
