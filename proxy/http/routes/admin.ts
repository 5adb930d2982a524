import { type IRouter, Router } from 'express';
import type { AccountPool, AuthDirLoad } from '../../accounts/account-pool.js';
import { targetOf, type Account, type TargetId } from '../../accounts/account-file.js';
import { accountPlan } from '../../providers/account-plan.js';
import { findProviderModule } from '../../providers/index.js';
import { accountStatus, describeAccount, needsLoginReason } from '../../accounts/describe-account.js';
import type { QuotaTracker } from '../../accounts/quota-tracker.js';
import type { ReloadResult } from '../../config/config-reload.js';
import type { Target } from '../../providers/provider.js';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { validateBody } from '../validate-body.js';

const accountChangesSchema = z.strictObject({
  enabled: z.boolean().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  label: z.string().max(200).nullable().optional(),
});

export interface AdminRouteContext {
  pool: AccountPool;
  quotas: QuotaTracker;
  /** The target of this id serving now (targets come and go with their key files), or null. */
  target: (id: TargetId) => Target | null;
  /** Reads the config file again; absent when the server was not started from one. */
  reloadConfig?: () => Promise<ReloadResult>;
  /** Reads auth-dir again with the targets its key files define and their model lists; else the pool's load is all. */
  followKeyFiles?: () => Promise<AuthDirLoad>;
}

/** The admin API (owner keys): accounts in human terms, reload of auth-dir and the config file, quota on demand, cooldowns ended by hand. */
export function adminRoutes(context: AdminRouteContext, router: IRouter = Router()): IRouter {

  router.get('/admin/accounts', (_req, res) => {
    // Files that could not be read are listed too, so a broken or foreign file is not a silent absence.
    res.json({ accounts: context.pool.all().map((account) => accountView(context, account)), invalid: context.pool.invalidFiles() });
  });

  router.post('/admin/reload', async (_req, res) => {
    const result = await (context.followKeyFiles?.() ?? context.pool.load());
    const config = (await context.reloadConfig?.()) ?? null;
    res.json({ reloaded: true, ...result, config });
  });

  /** Enables or disables an account, or changes its priority or label (written to its file; takes effect at once). */
  router.patch('/admin/accounts/:id', async (req, res) => {
    const changes = validateBody(accountChangesSchema, req.body);
    const account = requireAccount(context.pool, req.params.id);
    const data = { ...account.data };
    if (changes.enabled !== undefined) data.disabled = !changes.enabled;
    if (changes.priority !== undefined) data.priority = changes.priority;
    if (changes.label !== undefined) data.label = changes.label;
    await context.pool.store.save({ id: account.id, data });
    await context.pool.load();
    res.json(accountView(context, context.pool.get(account.id) ?? account));
  });

  /** Reads the account's usage windows from the provider's usage endpoint now (it costs no quota). */
  router.post('/admin/accounts/:id/quota', async (req, res) => {
    const account = requireAccount(context.pool, req.params.id);
    const provider = context.target(targetOf(account.data));
    if (!provider) throw new ApiError(400, 'invalid_request', `the provider of "${account.id}" is not enabled`);
    const fetchQuota = provider.fetchQuota;
    if (!fetchQuota) throw new ApiError(400, 'invalid_request', `${provider.displayName} has no usage endpoint to read`);
    await context.quotas.refresh(account.id, () => context.pool.withCredentials(account.id, (credentials) => fetchQuota(credentials)), { force: true });
    res.json(accountView(context, context.pool.get(account.id) ?? account));
  });

  /** "Try now": ends the account's cooldown, so the next request may use it (a new failure cools it down again). */
  router.post('/admin/accounts/:id/cooldown/clear', (req, res) => {
    const account = requireAccount(context.pool, req.params.id);
    context.pool.clearCooldown(account.id);
    res.json(accountView(context, account));
  });

  return router;
}

/** The account with this id, or a 404 that names it. */
export function requireAccount(pool: AccountPool, id: string): Account {
  const account = pool.get(id);
  if (!account) throw new ApiError(404, 'not_found', `no account "${id}"`);
  return account;
}

function accountView(context: AdminRouteContext, account: Account) {
  const runtime = context.pool.runtimes.get(account.id);
  const quota = context.quotas.get(account.id);
  const costBasis = context.target(targetOf(account.data))?.costBasis ?? null;
  return {
    id: account.id,
    provider: account.data.provider,
    /** The target it serves (`openai-key:personal`; the provider's id for a subscription pool), as /health counts them. */
    target: targetOf(account.data),
    email: account.data.email ?? null,
    label: account.data.label ?? null,
    plan: accountPlan(account.data, findProviderModule(account.data.provider)?.credentialKinds ?? [], costBasis),
    /** What its requests' cost stands for: "billed" to a key, or a subscription's "subscription" equivalent. */
    costBasis,
    priority: account.data.priority ?? 0,
    enabled: account.data.disabled !== true,
    /** For programs: "ready", "cooling", "needs_login" or "disabled". */
    status: accountStatus(account, runtime),
    state: describeAccount(account, runtime),
    cooldownUntil: runtime.cooldownUntil ? new Date(runtime.cooldownUntil).toISOString() : null,
    cooldownReason: runtime.cooldownUntil ? runtime.cooldownReason : null,
    needsLogin: needsLoginReason(account),
    quota: quota ? { windows: quota.windows, credits: quota.credits ?? null, observedAt: quota.observedAt, source: quota.source, lastError: quota.lastError ?? null } : null,
    usage: {
      requests: runtime.requests,
      errors: runtime.errors,
      lastUsedAt: runtime.lastUsedAt ? new Date(runtime.lastUsedAt).toISOString() : null,
      lastError: runtime.lastError,
    },
  };
}
