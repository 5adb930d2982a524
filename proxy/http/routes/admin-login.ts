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
import { ImportError, importClaudeCode } from '../../providers/anthropic/import-claude-code.js';
import type { Config } from '../../config/load.js';
import type { LoginDeps } from '../../providers/anthropic/login.js';
import { LoginError } from '../../providers/anthropic/login-error.js';
import { ManualLogin } from '../../providers/anthropic/manual-login.js';
import { ANTHROPIC_POLICY_NOTE } from '../../providers/anthropic/policy.js';
import { ApiError } from '../api-error.js';
import { PendingLogins } from '../pending-logins.js';
import { validateBody } from '../validate-body.js';
import { requireAccount } from './admin.js';

const startSchema = z.strictObject({ provider: z.literal('anthropic'), accountId: z.string().min(1).max(200).optional() });
// An empty paste is the login's to refuse (in words, and the login stays open), not the schema's.
const finishSchema = z.strictObject({ code: z.string().max(10_000) });
const importSchema = z.strictObject({ source: z.literal('claude-code') });

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
  const pending = new PendingLogins<ManualLogin>(now);
  const deps: LoginDeps = { now, ...(context.fetch ? { fetch: context.fetch } : {}) };

  router.post('/admin/accounts/login', async (req, res) => {
    const { provider, accountId } = validateBody(startSchema, req.body);
    const renews = accountId === undefined ? null : requireAccount(context.pool, accountId);
    if (renews && renews.data.provider !== provider) {
      throw new ApiError(400, 'invalid_request', `accountId: "${renews.id}" is not a ${provider} account`, { param: 'accountId' });
    }
    const login = await ManualLogin.start(context.config, deps, { renews: renews?.id ?? null });
    const { id, expiresAt } = pending.add(login);
    res.status(201).json({ attemptId: id, url: login.url, policyNote: ANTHROPIC_POLICY_NOTE, expiresAt: new Date(expiresAt).toISOString(), renews: renews?.id ?? null });
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
    res.json({ account: accountSummary(account), renewed: login.attempt.renews !== null });
  });

  /** Copies a login another tool holds on this machine, like `switchboard import claude-code`. */
  router.post('/admin/accounts/import', async (req, res) => {
    validateBody(importSchema, req.body);
    let imported;
    try {
      imported = await importClaudeCode(context.config, { ...(context.home ? { home: context.home } : {}), ...(context.fetch ? { fetch: context.fetch } : {}) });
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

/** Who was added: enough for the dashboard to name the account (GET /admin/accounts has the rest). */
function accountSummary(account: Account): { id: string; email: string | null; plan: string | null } {
  return { id: account.id, email: account.data.email ?? null, plan: account.data.plan ?? null };
}

/** A failed login step in words, with what the dashboard can do next: take another paste, or offer a fresh link. */
function asLoginFailure(error: unknown): unknown {
  if (!(error instanceof LoginError)) return error;
  return new ApiError(400, 'invalid_request', error.message, { code: error.recovery === 'paste-again' ? 'paste_again' : 'start_again' });
}
