/**
 * Logging in from the dashboard, by any method a browser can drive (the provider's catalog entry lists them):
 * - paste-code, the manual flow (PROTOCOLS.md §1 "OAuth") split over two requests. The first starts a login — for
 *   a new account, or to renew one (`accountId`) — and answers the authorize address; the person opens it,
 *   authorizes and pastes the `code#state` the page shows; the second finishes the login with it. A wrong paste
 *   keeps the login waiting for another (400, code "paste_again"); once the provider refused the code the login is
 *   over and a new one is needed (400, code "start_again").
 * - device-code and poll: the start answers the code to enter and its page, or the page to open; the login then
 *   polls in the server (providers/poll-login.ts) and its status endpoint says pending, done, failed or expired.
 *   Deleting it cancels it.
 * Logins live in memory only, for 10 minutes, at most MAX_PENDING_LOGINS at once (the oldest is dropped, and stopped).
 */
import { rm } from 'node:fs/promises';
import { type IRouter, Router } from 'express';
import { z } from 'zod';
import type { Account } from '../../accounts/account-file.js';
import type { AccountPool } from '../../accounts/account-pool.js';
import type { Config } from '../../config/load.js';
import type { LoginMethod } from '../../providers/catalog.js';
import { ImportError } from '../../providers/import-error.js';
import { providerModules } from '../../providers/index.js';
import { LoginError } from '../../providers/login-error.js';
import type { PasteCodeLogin, PolledLogin, PolledLoginOptions, ProviderModule } from '../../providers/provider-module.js';
import { ApiError } from '../api-error.js';
import { LOGIN_ATTEMPT_TTL_MS, PendingLogins } from '../pending-logins.js';
import { validateBody } from '../validate-body.js';
import { WaitingLogin } from '../waiting-login.js';
import { requireAccount } from './admin.js';

// An empty paste is the login's to refuse (in words, and the login stays open), not the schema's.
const finishSchema = z.strictObject({ code: z.string().max(10_000) });

/** A login the admin API holds between requests: one that waits for a paste, or one that polls in the server. */
type Attempt = { kind: 'paste-code'; login: PasteCodeLogin } | { kind: 'waiting'; login: WaitingLogin };

/** The kinds of login method the admin API drives: the others need a terminal or the desktop app. */
type BrowserMethodKind = 'paste-code' | 'device-code' | 'poll';
const BROWSER_METHOD_KINDS: readonly LoginMethod['kind'][] = ['paste-code', 'device-code', 'poll'];

export interface AdminLoginRouteContext {
  config: Config;
  pool: AccountPool;
  now?: () => number;
  /** For tests: the fetch used for the token exchange and profile. */
  fetch?: typeof fetch;
  /** For tests: the home folder other tools keep their logins in (default: the current user's). */
  home?: string;
  /** The provider modules whose logins it runs (default: the registry's). */
  modules?: readonly ProviderModule[];
}

/**
 * POST /admin/accounts/login, POST /admin/accounts/login/:attemptId, POST /admin/accounts/import,
 * DELETE /admin/accounts/:id (admin keys only).
 */
export function adminLoginRoutes(context: AdminLoginRouteContext, router: IRouter = Router()): IRouter {
  const now = context.now ?? Date.now;
  const modules = context.modules ?? providerModules;
  const schemas = requestSchemas(modules);
  const pending = new PendingLogins<Attempt>(now, (attempt) => {
    if (attempt.kind === 'waiting') attempt.login.cancel();
  });

  /**
   * Starts a login by one of the provider's methods. The answer says, as a tagged union on `kind`, how the
   * dashboard carries it on: for "paste-code", open `url` and post the pasted code to `method.finish`; for
   * "device-code", show `userCode` and `verificationUrl`; for "poll", open `url`; for both, read `status`.
   */
  router.post('/admin/accounts/login', async (req, res) => {
    const { provider, method: methodId, accountId } = validateBody(schemas.start, req.body);
    const module = modules.find((candidate) => candidate.id === provider) as ProviderModule;
    const method = browserLoginMethod(module, methodId);
    const renews = accountId === undefined ? null : requireAccount(context.pool, accountId);
    if (renews && renews.data.provider !== provider) {
      throw new ApiError(400, 'invalid_request', `accountId: "${renews.id}" is not a ${provider} account`, { param: 'accountId' });
    }
    const common = { policyNote: module.policyNote, renews: renews?.id ?? null };
    const options: PolledLoginOptions = { renews: renews?.id ?? null, ...(context.fetch ? { fetch: context.fetch } : {}) };
    // Polls in the server from now on; it ends at the earlier of the login's own expiry and the server's bound.
    const waitInServer = (login: PolledLogin) => {
      const startedAt = now();
      const waiting = new WaitingLogin(login, { lifeMs: LOGIN_ATTEMPT_TTL_MS, onDone: () => context.pool.load().then(() => undefined) });
      const { id, expiresAt } = pending.add({ kind: 'waiting', login: waiting });
      return { attemptId: id, status: `/admin/accounts/login/${id}`, expiresAt: new Date(Math.min(expiresAt, startedAt + login.schedule.expiresInMs)).toISOString() };
    };
    switch (method.kind) {
      case 'paste-code': {
        const login = await method.runners.start(context.config, { renews: renews?.id ?? null, now, ...(context.fetch ? { fetch: context.fetch } : {}) });
        const { id, expiresAt } = pending.add({ kind: 'paste-code', login });
        res.status(201).json({
          attemptId: id,
          kind: 'paste-code',
          method: { kind: 'paste-code', id: method.id, finish: `/admin/accounts/login/${id}` },
          url: login.url,
          expiresAt: new Date(expiresAt).toISOString(),
          ...common,
        });
        return;
      }
      case 'device-code': {
        const login = await method.runners.start(context.config, options);
        const { attemptId, status, expiresAt } = waitInServer(login);
        res.status(201).json({
          attemptId,
          kind: 'device-code',
          method: { kind: 'device-code', id: method.id },
          userCode: login.userCode,
          verificationUrl: login.verificationUrl,
          expiresAt,
          status,
          ...common,
        });
        return;
      }
      case 'poll': {
        const login = await method.runners.start(context.config, options);
        const { attemptId, status, expiresAt } = waitInServer(login);
        res.status(201).json({ attemptId, kind: 'poll', method: { kind: 'poll', id: method.id }, url: login.url, expiresAt, status, ...common });
        return;
      }
    }
  });

  router.post('/admin/accounts/login/:attemptId', async (req, res) => {
    const { code } = validateBody(finishSchema, req.body);
    const attemptId = req.params.attemptId;
    const attempt = pending.get(attemptId);
    if (!attempt) throw loginGone();
    if (attempt.kind !== 'paste-code') {
      throw new ApiError(400, 'invalid_request', 'this login takes no pasted code: it finishes by itself; read its status with GET', { code: 'no_paste' });
    }
    const login = attempt.login;
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

  /** How a login is going: pending, done (with the account), failed (why, in words) or expired. */
  router.get('/admin/accounts/login/:attemptId', (req, res) => {
    const attempt = pending.get(req.params.attemptId);
    if (!attempt) throw loginGone();
    if (attempt.kind === 'paste-code') {
      res.json({ status: attempt.login.over ? 'failed' : 'pending' });
      return;
    }
    const state = attempt.login.status();
    res.json(state.status === 'done' ? { status: 'done', account: accountSummary(state.account) } : state);
  });

  /** Cancels a login: one that polls in the server stops polling; a paste is no longer taken. */
  router.delete('/admin/accounts/login/:attemptId', (req, res) => {
    const attempt = pending.get(req.params.attemptId);
    if (!attempt) throw loginGone();
    pending.delete(req.params.attemptId);
    if (attempt.kind === 'waiting') attempt.login.cancel();
    res.json({ cancelled: true });
  });

  /** Copies a login another tool holds on this machine, like `switchboard import claude-code`. */
  router.post('/admin/accounts/import', async (req, res) => {
    const { source } = validateBody(schemas.import, req.body);
    const importer = modules.flatMap((module) => module.importers).find((candidate) => candidate.id === source);
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

function requestSchemas(modules: readonly ProviderModule[]) {
  const providerIds = modules.map((module) => module.id);
  const importerIds = modules.flatMap((module) => module.importers.map((importer) => importer.id));
  return {
    start: z.strictObject({
      provider: z.string().refine((id) => providerIds.includes(id), { message: `must be one of: ${providerIds.join(', ')}` }),
      /** A login method of the provider (GET /admin/providers lists them); default: its first one a browser can drive. */
      method: z.string().min(1).max(100).optional(),
      accountId: z.string().min(1).max(200).optional(),
    }),
    import: z.strictObject({
      source: z.string().refine((id) => importerIds.includes(id), { message: `must be one of: ${importerIds.join(', ')}` }),
    }),
  };
}

type Runners = Required<ProviderModule['logins']>;
type BrowserMethod =
  | { kind: 'paste-code'; id: string; runners: Runners['pasteCode'] }
  | { kind: 'device-code'; id: string; runners: Runners['deviceCode'] }
  | { kind: 'poll'; id: string; runners: Runners['poll'] };

/**
 * The method to start from the admin API, with its runner: the one named, else the provider's first that a
 * browser can drive (a loopback login needs the desktop app or the CLI).
 */
function browserLoginMethod(module: ProviderModule, methodId: string | undefined): BrowserMethod {
  const method = module.loginMethods.find((candidate) => (methodId === undefined ? BROWSER_METHOD_KINDS.includes(candidate.kind) : candidate.id === methodId));
  const found = method ? withRunner(module, method) : null;
  if (!found) {
    const offered = module.loginMethods.filter((candidate) => withRunner(module, candidate) !== null).map((candidate) => candidate.id);
    throw new ApiError(400, 'invalid_request', `method: ${module.displayName} offers ${offered.length > 0 ? `only ${offered.join(', ')}` : 'no login'} through the admin API`, { param: 'method' });
  }
  return found;
}

function withRunner(module: ProviderModule, method: LoginMethod): BrowserMethod | null {
  const { pasteCode, deviceCode, poll } = module.logins;
  const kind: BrowserMethodKind | null = BROWSER_METHOD_KINDS.includes(method.kind) ? (method.kind as BrowserMethodKind) : null;
  if (kind === 'paste-code' && pasteCode) return { kind, id: method.id, runners: pasteCode };
  if (kind === 'device-code' && deviceCode) return { kind, id: method.id, runners: deviceCode };
  if (kind === 'poll' && poll) return { kind, id: method.id, runners: poll };
  return null;
}

function loginGone(): ApiError {
  return new ApiError(404, 'not_found', 'this login is unknown or has expired (a login can be finished within 10 minutes): start a new login for a fresh link', {
    code: 'start_again',
  });
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
