import { type IRouter, Router } from 'express';
import { z } from 'zod';
import { rm } from 'node:fs/promises';
import { instanceTargetId, targetOf } from '../../accounts/account-file.js';
import type { AccountPool, AuthDirLoad } from '../../accounts/account-pool.js';
import { addKeyInstance, apiKeyFields, KeyInstanceError } from '../../providers/add-key-instance.js';
import { providerModules } from '../../providers/index.js';
import { ApiError } from '../api-error.js';
import { validateBody } from '../validate-body.js';

const keyProviderIds: readonly string[] = providerModules.filter((module) => apiKeyFields(module) !== null).map((module) => module.id);
const addSchema = z.looseObject({
  provider: z.string().refine((id) => keyProviderIds.includes(id), { message: `must be one of: ${keyProviderIds.join(', ')}` }),
});

/**
 * POST /admin/targets (admin keys): adds an API key to a named instance — `{provider, instance, base_url?, models?,
 * key?}`, the fields of the provider's `api-key` login method. The answer names the account file and the target,
 * never the key; nor does any error.
 */
export function adminTargetsRoutes(context: { pool: AccountPool; followKeyFiles?: () => Promise<AuthDirLoad>; servedTargets: () => readonly string[] }, router: IRouter = Router()): IRouter {
  router.post('/admin/targets', async (req, res) => {
    const { provider, ...fields } = validateBody(addSchema, req.body);
    const module = providerModules.find((candidate) => candidate.id === provider)!;
    const account = await addKeyInstance(context.pool.store, module, fields).catch((error: unknown) => {
      if (error instanceof KeyInstanceError) throw new ApiError(400, 'invalid_request', error.message);
      throw error;
    });
    await (context.followKeyFiles?.() ?? context.pool.load());
    const target = instanceTargetId(provider, account.data.instance ?? '');
    const served = context.servedTargets().includes(target);
    res.status(201).json({ account: account.id, target, served });
  });

  /** DELETE /admin/targets/:target (admin keys): removes an API-key instance — its key files — and so its target. */
  router.delete('/admin/targets/:target', async (req, res) => {
    const target = req.params.target;
    const files = context.pool.all().filter((account) => account.data.instance && targetOf(account.data) === target);
    if (files.length === 0) throw new ApiError(404, 'not_found', `no API-key target "${target}" (its key files define one)`);
    for (const file of files) await rm(file.path, { force: true });
    await (context.followKeyFiles?.() ?? context.pool.load());
    res.json({ removed: true, target, accounts: files.map((file) => file.id) });
  });
  return router;
}
