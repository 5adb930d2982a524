import { type IRouter, Router } from 'express';
import type { AccountPool } from '../../accounts/account-pool.js';
import type { ModelRouter } from '../../router/model-router.js';
import type { KeyPolicy } from '../../usage/key-policy.js';
import { callerOf } from '../security/api-key.js';
import { pinningOf } from './dispatch.js';

/** For a model without a known release date (the built-in list, aliases): a fixed one keeps the list stable for clients that sort. */
const UNKNOWN_RELEASE = new Date(Date.UTC(2025, 0, 1)).toISOString();

/**
 * GET /v1/models: what the routing table and the prefixes make reachable on targets that have a usable account —
 * the table's model names, each target's models from its live list (else built-in) and its aliases with what they
 * stand for now, within its allow and deny lists (ModelRouter.reachableModels). Each entry carries both the OpenAI
 * fields (object, created, owned_by) and the Anthropic ones (type, display_name, created_at), so both
 * official SDKs can list them.
 */
export function modelsRoutes(context: { router: ModelRouter; pool: AccountPool; policy: KeyPolicy }, router: IRouter = Router()): IRouter {
  router.get('/v1/models', (_req, res) => {
    // A managed key sees only what it may use: its allow-list's models, on the target it is pinned to.
    const managed = callerOf(res.locals)?.managed ?? null;
    const pinning = pinningOf(res.locals, context.pool);
    const data = context.router
      .reachableModels((target) => context.pool.usable(target.id).length > 0, { onlyTarget: pinning.target })
      .filter((model) => managed === null || context.policy.mayUse(managed, model.id))
      .map((model) => {
        const createdAt = model.createdAt && Number.isFinite(Date.parse(model.createdAt)) ? new Date(model.createdAt).toISOString() : UNKNOWN_RELEASE;
        return {
          id: model.id,
          object: 'model',
          type: 'model',
          display_name: model.displayName,
          created: Math.floor(Date.parse(createdAt) / 1000),
          created_at: createdAt,
          owned_by: model.provider,
        };
      });
    res.json({ object: 'list', data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
  });
  return router;
}
