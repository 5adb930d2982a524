/**
 * Logging in from the dashboard: the manual flow (PROTOCOLS.md §1 "OAuth") split over two requests. The first
 * starts a login and answers the authorize address; the person opens it, authorizes and pastes the `code#state`
 * the page shows; the second finishes the login with it. Attempts live in memory only, for 10 minutes.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Router } from 'express';
import { z } from 'zod';
import type { Account } from '../../accounts/account-file.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import { ImportError, importClaudeCode } from '../../accounts/import-claude-code.js';
import type { Config } from '../../config/load.js';
import { completeLogin, readPaste, startLogin, type LoginAttempt, type LoginDeps } from '../../providers/anthropic/login.js';
import { LoginError } from '../../providers/anthropic/login-error.js';
import { OAuthError } from '../../providers/anthropic/oauth.js';
import { ANTHROPIC_POLICY_NOTE } from '../../providers/anthropic/policy.js';
import { ApiError } from '../api-error.js';
import { validateBody } from '../validate-body.js';
import { requireAccount } from './admin.js';

/** How long a started login can be finished. */
export const LOGIN_ATTEMPT_TTL_MS = 10 * 60 * 1000;
/** At most this many logins wait at once; starting another drops the oldest. */
export const MAX_PENDING_LOGINS = 20;

const startSchema = z.strictObject({ provider: z.literal('anthropic') });
const finishSchema = z.strictObject({ code: z.string().trim().min(1).max(10_000) });
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

interface PendingLogin {
  attempt: LoginAttempt;
  expiresAt: number;
}

/**
 * POST /admin/accounts/login, POST /admin/accounts/login/:attemptId, POST /admin/accounts/import,
 * DELETE /admin/accounts/:id (admin keys only).
 */
export function adminLoginRoutes(context: AdminLoginRouteContext): Router {
  const router = Router();
  const now = context.now ?? Date.now;
  const pending = new Map<string, PendingLogin>();
  const deps: LoginDeps = { now, ...(context.fetch ? { fetch: context.fetch } : {}) };

  const prune = () => {
    const at = now();
    for (const [id, entry] of pending) if (entry.expiresAt <= at) pending.delete(id);
    // Map keeps insertion order: the oldest go first.
    while (pending.size >= MAX_PENDING_LOGINS) {
      const oldest = pending.keys().next().value;
      if (oldest === undefined) break;
      pending.delete(oldest);
    }
  };

  router.post('/admin/accounts/login', async (req, res) => {
    validateBody(startSchema, req.body);
    prune();
    const attempt = await startLogin(context.config, context.config.providers.anthropic.oauth['manual-redirect-uri']);
    const attemptId = randomBytes(16).toString('hex');
    const expiresAt = now() + LOGIN_ATTEMPT_TTL_MS;
    pending.set(attemptId, { attempt, expiresAt });
    res.status(201).json({ attemptId, url: attempt.url, policyNote: ANTHROPIC_POLICY_NOTE, expiresAt: new Date(expiresAt).toISOString() });
  });

  router.post('/admin/accounts/login/:attemptId', async (req, res) => {
    const { code: pasted } = validateBody(finishSchema, req.body);
    const attemptId = req.params.attemptId;
    const entry = pending.get(attemptId);
    if (!entry || entry.expiresAt <= now()) {
      pending.delete(attemptId);
      throw new ApiError(404, 'not_found', 'this login is unknown or has expired (a login can be finished within 10 minutes, once): start the login again');
    }
    let code: string;
    try {
      code = readPaste(pasted, entry.attempt.pkce.state);
    } catch (error) {
      throw asBadRequest(error);
    }
    // A code works once: whatever the exchange answers, this attempt is used up.
    pending.delete(attemptId);
    let account;
    try {
      account = await completeLogin(context.config, entry.attempt, code, deps);
    } catch (error) {
      throw asBadRequest(error);
    }
    await context.pool.load();
    res.json({ account: accountSummary(account) });
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

function asBadRequest(error: unknown): unknown {
  if (error instanceof LoginError || error instanceof OAuthError) return new ApiError(400, 'invalid_request', error.message);
  return error;
}
