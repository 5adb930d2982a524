import { type IRouter, Router } from 'express';
import { keyChangesSchema, keyInputSchema, KeyStoreError, type KeyStore } from '../../usage/key-store.js';
import { budgetBlock, type BudgetBlock } from '../../usage/key-policy.js';
import { startOfNextMonth } from '../../usage/calendar.js';
import type { ApiKeyRecord, KeySpend } from '../../usage/types.js';
import { ApiError } from '../api-error.js';
import { validateBody } from '../validate-body.js';

export interface AdminKeysContext {
  keys: KeyStore;
  /** Month-to-date spend of a key; without it every key's `spend` is null. */
  spendOf?: (keyId: string) => KeySpend;
  now?: () => number;
}

/**
 * A key as the admin API shows it: the stored record (never the secret), what it has spent this month, and whether a
 * used-up budget refuses it until the month turns (judged as the key policy judges it).
 */
export type ApiKeyView = ApiKeyRecord & { spend: KeySpend | null; blocked: BudgetBlock | null };

/**
 * The admin API for managed keys. Field names are the record's own (camelCase), the same for requests and
 * answers, so the dashboard can use `ApiKeyRecord` as it is. Only admin keys may reach /admin (app.ts).
 */
export function adminKeysRoutes(context: AdminKeysContext, router: IRouter = Router()): IRouter {
  const now = context.now ?? Date.now;
  const view = (record: ApiKeyRecord): ApiKeyView => {
    const spend = context.spendOf ? context.spendOf(record.id) : null;
    return { ...record, spend, blocked: spend ? budgetBlock(record, spend, startOfNextMonth(now())) : null };
  };

  router.get('/admin/keys', (_req, res) => {
    res.json({ keys: context.keys.list().map(view) });
  });

  /** The only answer that holds the secret: it is stored as a hash and cannot be shown again. */
  router.post('/admin/keys', (req, res) => {
    const input = validateBody(keyInputSchema, req.body);
    const { record, secret } = storeCall(() => context.keys.create(input));
    res.status(201).json({ ...view(record), secret });
  });

  router.patch('/admin/keys/:id', (req, res) => {
    const changes = validateBody(keyChangesSchema, req.body);
    res.json(view(storeCall(() => context.keys.update(req.params.id, changes))));
  });

  /** Revokes the key for good (it stays in the list, for its usage history); revoking twice is harmless. */
  router.delete('/admin/keys/:id', (req, res) => {
    res.json(view(storeCall(() => context.keys.revoke(req.params.id))));
  });

  return router;
}

/** Runs a store operation, its refusals as errors in the caller's shape. */
function storeCall<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (!(error instanceof KeyStoreError)) throw error;
    switch (error.reason) {
      case 'not_found':
        throw new ApiError(404, 'not_found', error.message, { code: 'key_not_found' });
      case 'revoked':
        throw new ApiError(409, 'invalid_request', error.message, { code: 'key_revoked' });
      case 'invalid':
        throw new ApiError(400, 'invalid_request', error.message, { param: error.field });
    }
  }
}
