/**
 * Logging in from the dashboard: the manual flow (PROTOCOLS.md §1 "OAuth") split over two requests. The first
 * starts a login — for a new account, or to renew one (`accountId`) — and answers the authorize address; the
 * person opens it, authorizes and pastes the `code#state` the page shows; the second finishes the login with it.
 * A wrong paste keeps the login waiting for another (400, code "paste_again"); once the provider refused the code
 * the login is over and a new one is needed (400, code "start_again"). Logins live in memory only, for 10 minutes.
 */
import { rm } from 'node:fs/promises';
import { Router } from 'express';
import { z } from 'zod';
import type { Account } from '../../accounts/account-file.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import type { Config } from '../../config/load.js';
import { ImportError } from '../../providers/import-error.js';
import { findProviderModule, providerModules } from '../../providers/index.js';
import { LoginError } from '../../providers/login-error.js';
import type { PasteCodeLogin, ProviderModule } from '../../providers/provider-module.js';
import { ApiError } from '../api-error.js';
import { PendingLogins } from '../pending-logins.js';
import { validateBody } from '../validate-body.js';
import { requireAccount } from './admin.js';

const providerIds: readonly string[] = providerModules.map((module) => module.id);
const importerIds: readonly string[] = providerModules.flatMap((module) => module.importers.map((importer) => importer.id));
const startSchema = z.strictObject({
  provider: z.string().refine((id) => providerIds.includes(id), { message: `must be one of: ${providerIds.join(', ')}` }),
  /** A login method of the provider (GET /admin/providers lists them); default: its first one a browser can drive. */
  method: z.string().min(1).max(100).optional(),
  accountId: z.string().min(1).max(200).optional(),
});
// An empty paste is the login's to refuse (in words, and the login stays open), not the schema's.
const finishSchema = z.strictObject({ code: z.string().max(10_000) });
const importSchema = z.strictObject({
  source: z.string().refine((id) => importerIds.includes(id), { message: `must be one of: ${importerIds.join(', ')}` }),
});

export interface AdminLoginRouteContext {
  config: Config;
  pool: AccountPool;
  now?: () => number;
  /** For tests: the fetch used for the token exchange and profile. */
  fetch?: typeof fetch;
  /** For tests: the home folder other tools keep their logins in (default: the current user's). */
  home?: string;
}

/**
 * POST /admin/accounts/login, POST /admin/accounts/login/:attemptId, POST /admin/accounts/import,
 * DELETE /admin/accounts/:id (admin keys only).
 */
export function adminLoginRoutes(context: AdminLoginRouteContext): Router {
  const router = Router();
  const now = context.now ?? Date.now;
  const pending = new PendingLogins<PasteCodeLogin>(now);

  /**
   * Starts a login by one of the provider's methods. The answer says, as a tagged union on `method.kind`, how the
   * dashboard carries it on: for "paste-code", open `url` and post the pasted code to `method.finish`.
   */
  router.post('/admin/accounts/login', async (req, res) => {
    const { provider, method: methodId, accountId } = validateBody(startSchema, req.body);
    const module = findProviderModule(provider) as ProviderModule;
    const method = browserLoginMethod(module, methodId);
    const renews = accountId === undefined ? null : requireAccount(context.pool, accountId);
    if (renews && renews.data.provider !== provider) {
      throw new ApiError(400, 'invalid_request', `accountId: "${renews.id}" is not a ${provider} account`, { param: 'accountId' });
    }
    const login = await method.start(context.config, { renews: renews?.id ?? null, now, ...(context.fetch ? { fetch: context.fetch } : {}) });
    const { id, expiresAt } = pending.add(login);
    res.status(201).json({
      attemptId: id,
      method: { kind: 'paste-code', id: method.id, finish: `/admin/accounts/login/${id}` },
      url: login.url,
      policyNote: module.policyNote,
      expiresAt: new Date(expiresAt).toISOString(),
      renews: renews?.id ?? null,
    });
  });

  router.post('/admin/accounts/login/:attemptId', async (req, res) => {
    const { code } = validateBody(finishSchema, req.body);
    const attemptId = req.params.attemptId;
    const login = pending.get(attemptId);
    if (!login) {
      throw new ApiError(404, 'not_found', 'this login is unknown or has expired (a login can be finished within 10 minutes): start a new login for a fresh link', {
        code: 'start_again',
      });
    }
    if (login.finishing) throw new ApiError(409, 'invalid_request', 'this login is being finished right now: wait for it to end', { code: 'login_busy' });
    let account: Account;
    try {
      account = await login.finish(code);
    } catch (error) {
      if (login.over) pending.delete(attemptId);
      throw asLoginFailure(error);
    }
    pending.delete(attemptId);
    await context.pool.load();
    res.json({ account: accountSummary(account), renewed: login.renews !== null });
  });

  /** Copies a login another tool holds on this machine, like `switchboard import claude-code`. */
  router.post('/admin/accounts/import', async (req, res) => {
    const { source } = validateBody(importSchema, req.body);
    const importer = providerModules.flatMap((module) => module.importers).find((candidate) => candidate.id === source);
    if (!importer) throw new ApiError(400, 'invalid_request', `source: "${source}" is not an importer`, { param: 'source' });
    let imported;
    try {
      imported = await importer.run(context.config, { ...(context.home ? { home: context.home } : {}), ...(context.fetch ? { fetch: context.fetch } : {}) });
    } catch (error) {
      if (error instanceof ImportError) throw new ApiError(404, 'not_found', error.message, { code: 'nothing_to_import' });
      throw error;
    }
    await context.pool.load();
    res.status(201).json({ account: accountSummary(imported.account), message: imported.message });
  });

  /** Deletes the account file; the account comes back only with a new login. */
  router.delete('/admin/accounts/:id', async (req, res) => {
    const account = requireAccount(context.pool, req.params.id);
    await rm(account.path, { force: true });
    await context.pool.load();
    res.json({ removed: true, id: account.id });
  });

  return router;
}

/**
 * The paste-code method to start from the admin API: the one named, else the provider's first. A browser can drive
 * only paste-code logins through this API today (a loopback login needs the desktop app or the CLI).
 */
function browserLoginMethod(module: ProviderModule, methodId: string | undefined): { id: string; start: NonNullable<ProviderModule['logins']['pasteCode']>['start'] } {
  const method = module.loginMethods.find((candidate) => (methodId === undefined ? candidate.kind === 'paste-code' : candidate.id === methodId));
  const start = module.logins.pasteCode?.start;
  if (!method || method.kind !== 'paste-code' || !start) {
    const offered = module.loginMethods.filter((candidate) => candidate.kind === 'paste-code').map((candidate) => candidate.id);
    throw new ApiError(400, 'invalid_request', `method: ${module.displayName} offers ${offered.length > 0 ? `only ${offered.join(', ')}` : 'no login'} through the admin API`, { param: 'method' });
  }
  return { id: method.id, start };
}

/** Who was added: enough for the dashboard to name the account (GET /admin/accounts has the rest). */
function accountSummary(account: Account): { id: string; email: string | null; plan: string | null } {
  return { id: account.id, email: account.data.email ?? null, plan: account.data.plan ?? null };
}

/** A failed login step in words, with what the dashboard can do next: take another paste, or offer a fresh link. */
function asLoginFailure(error: unknown): unknown {
  if (!(error instanceof LoginError)) return error;
  return new ApiError(400, 'invalid_request', error.message, { code: error.recovery === 'paste-again' ? 'paste_again' : 'start_again' });
}
