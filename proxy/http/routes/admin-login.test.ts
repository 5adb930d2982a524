import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicOAuthStandIn, submitAuthorizeForm, textOfId, oauthConfigFor, type AnthropicOAuthStandIn } from '../../../e2e/stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../../../e2e/stand-ins/token-registry.js';
import { AccountPool } from '../../accounts/account-pool.js';
import { TokenStore } from '../../accounts/token-store.js';
import { validateConfig } from '../../config/load.js';
import { configureLogging } from '../../log.js';
import { ANTHROPIC_POLICY_NOTE } from '../../providers/anthropic/policy.js';
import { errorHandler } from '../error-handler.js';
import { LOGIN_ATTEMPT_TTL_MS } from '../pending-logins.js';
import { adminLoginRoutes } from './admin-login.js';

describe('admin login routes', () => {
  let oauth: AnthropicOAuthStandIn;
  let server: Server;
  let url: string;
  let home: string;
  let pool: AccountPool;
  let clock = Date.now();
  /** While set, the next fetch of a login (its token exchange) says it started and waits to be released. */
  let hold: { started: () => void; released: Promise<void> } | null = null;

  beforeAll(async () => {
    configureLogging({ level: process.env.SWITCHBOARD_TEST_LOG ?? 'silent' });
    oauth = await startAnthropicOAuthStandIn({ tokens: new TokenRegistry() });
    home = mkdtempSync(join(tmpdir(), 'sb-login-'));
    const config = validateConfig(
      {
        'auth-dir': join(home, 'auth'),
        'data-dir': join(home, 'data'),
        providers: {
          anthropic: {
            'base-url': oauth.url,
            oauth: oauthConfigFor(oauth),
          },
        },
      },
      join(home, 'config.yaml'),
    );
    pool = new AccountPool(new TokenStore(config['auth-dir']), new Map());
    await pool.load();
    const app = express();
    app.use(express.json());
    const heldFetch: typeof fetch = async (...args) => {
      const held = hold;
      hold = null;
      if (held) {
        held.started();
        await held.released;
      }
      return fetch(...args);
    };
    app.use(adminLoginRoutes({ config, pool, now: () => clock, home: join(home, 'person'), fetch: heldFetch }));
    app.use(errorHandler('1mb'));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await oauth.close();
    rmSync(home, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** Plays the person: authorizes in the browser and reads the "code#state" the manual page shows. */
  const authorize = async (authorizeUrl: string, email: string): Promise<string> => {
    const location = await submitAuthorizeForm(authorizeUrl, { email });
    const html = await (await fetch(location)).text();
    const code = textOfId(html, 'code');
    if (!code) throw new Error(`the code page showed no code: ${html}`);
    return code;
  };

  const start = async (accountId?: string) => {
    const started = await call('POST', '/admin/accounts/login', { provider: 'anthropic', ...(accountId ? { accountId } : {}) });
    expect(started.status).toBe(201);
    return started.body as { attemptId: string; url: string; policyNote: string; expiresAt: string; renews: string | null };
  };

  const errorCode = (body: Record<string, unknown>) => (body.error as { code?: string } | undefined)?.code;

  it('logs in with the pasted code, saves the account file and reloads the pool', async () => {
    const started = await start();
    expect(started.policyNote).toBe(ANTHROPIC_POLICY_NOTE);
    // The method as data: the dashboard needs nothing else to carry the login on.
    expect((started as unknown as { method: unknown }).method).toEqual({ kind: 'paste-code', id: 'manual', finish: `/admin/accounts/login/${started.attemptId}` });
    expect(started.url.startsWith(oauth.authorizeUrl)).toBe(true);
    expect(Date.parse(started.expiresAt)).toBe(clock + LOGIN_ATTEMPT_TTL_MS);
    const code = await authorize(started.url, 'first@example.com');

    const finished = await call('POST', `/admin/accounts/login/${started.attemptId}`, { code });
    expect(finished.status).toBe(200);
    const account = (finished.body as { account: { id: string; email: string; plan: string | null } }).account;
    expect(account.email).toBe('first@example.com');
    const listed = pool.all().find((candidate) => candidate.id === account.id);
    expect(listed).toBeDefined();
    expect(existsSync(listed?.path ?? '')).toBe(true);

    // The attempt is used up.
    const again = await call('POST', `/admin/accounts/login/${started.attemptId}`, { code });
    expect(again.status).toBe(404);
  });

  it("refuses a provider or a method the registry does not offer, naming what it does", async () => {
    const unknown = await call('POST', '/admin/accounts/login', { provider: 'gemini' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('must be one of: anthropic, codex');
    const loopback = await call('POST', '/admin/accounts/login', { provider: 'anthropic', method: 'oauth' });
    expect(loopback.status).toBe(400);
    expect(JSON.stringify(loopback.body)).toContain('Claude offers only manual through the admin API');
    const named = await call('POST', '/admin/accounts/login', { provider: 'anthropic', method: 'manual' });
    expect(named.status).toBe(201);
  });

  it('keeps the login open after a wrong paste (400 "paste_again") and finishes it with the right code', async () => {
    const mine = await start();
    const other = await start();
    const otherCode = await authorize(other.url, 'second@example.com');
    const refused = await call('POST', `/admin/accounts/login/${mine.attemptId}`, { code: otherCode });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('state does not match');
    expect(errorCode(refused.body)).toBe('paste_again');
    for (const paste of ['just-a-code', '   ', 'https://example.com/callback?state=x']) {
      const wrong = await call('POST', `/admin/accounts/login/${mine.attemptId}`, { code: paste });
      expect(wrong.status, paste).toBe(400);
      expect(errorCode(wrong.body), paste).toBe('paste_again');
    }
    const finished = await call('POST', `/admin/accounts/login/${mine.attemptId}`, { code: await authorize(mine.url, 'mine@example.com') });
    expect(finished.status).toBe(200);
    expect((finished.body.account as { email: string }).email).toBe('mine@example.com');
  });

  it('ends the login when Anthropic refuses its code (400 "start_again"), and says so again after', async () => {
    const started = await start();
    const state = (await authorize(started.url, 'refused@example.com')).split('#')[1];
    const refused = await call('POST', `/admin/accounts/login/${started.attemptId}`, { code: `never-issued#${state}` });
    expect(refused.status).toBe(400);
    expect(errorCode(refused.body)).toBe('start_again');
    expect(JSON.stringify(refused.body)).toMatch(/already used or has expired.*a fresh login link is needed/);
    const after = await call('POST', `/admin/accounts/login/${started.attemptId}`, { code: `never-issued#${state}` });
    expect(after.status).toBe(404);
    expect(errorCode(after.body)).toBe('start_again');
  });

  it('turns away a second paste while the first one is being exchanged (409)', async () => {
    const started = await start();
    const code = await authorize(started.url, 'busy@example.com');
    let release = () => {};
    let exchanging = () => {};
    const inExchange = new Promise<void>((resolve) => (exchanging = resolve));
    hold = { started: exchanging, released: new Promise<void>((resolve) => (release = resolve)) };
    try {
      const first = call('POST', `/admin/accounts/login/${started.attemptId}`, { code });
      await inExchange;
      const second = await call('POST', `/admin/accounts/login/${started.attemptId}`, { code });
      expect(second.status).toBe(409);
      expect(errorCode(second.body)).toBe('login_busy');
      release();
      expect((await first).status).toBe(200);
    } finally {
      hold = null;
      release();
    }
  });

  it('renews the account named by accountId: the same file, not a second account', async () => {
    const first = await start();
    const added = await call('POST', `/admin/accounts/login/${first.attemptId}`, { code: await authorize(first.url, 'renew@example.com') });
    const id = (added.body.account as { id: string }).id;
    const before = pool.get(id);
    const renewal = await start(id);
    expect(renewal.renews).toBe(id);
    const renewed = await call('POST', `/admin/accounts/login/${renewal.attemptId}`, { code: await authorize(renewal.url, 'renew@example.com') });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ account: { id }, renewed: true });
    expect(pool.all().filter((account) => account.data.email === 'renew@example.com')).toHaveLength(1);
    expect(pool.get(id)?.data.access_token).not.toBe(before?.data.access_token);

    const unknown = await call('POST', '/admin/accounts/login', { provider: 'anthropic', accountId: 'anthropic-nobody' });
    expect(unknown.status).toBe(404);
  });

  it('answers 404 for an unknown or expired login', async () => {
    expect((await call('POST', '/admin/accounts/login/nope', { code: 'a#b' })).status).toBe(404);
    const started = await start();
    clock += LOGIN_ATTEMPT_TTL_MS + 1;
    const expired = await call('POST', `/admin/accounts/login/${started.attemptId}`, { code: 'a#b' });
    expect(expired.status).toBe(404);
    expect(JSON.stringify(expired.body)).toContain('expired');
  });

  it('rejects an unknown provider', async () => {
    expect((await call('POST', '/admin/accounts/login', { provider: 'openai' })).status).toBe(400);
  });

  it('removes an account: the file is deleted and the pool forgets it', async () => {
    const account = pool.all()[0];
    if (!account) throw new Error('no account to remove');
    const removed = await call('DELETE', `/admin/accounts/${account.id}`);
    expect(removed.status).toBe(200);
    expect(existsSync(account.path)).toBe(false);
    expect(pool.all().some((candidate) => candidate.id === account.id)).toBe(false);
    expect((await call('DELETE', `/admin/accounts/${account.id}`)).status).toBe(404);
  });

  it('imports Claude Code\'s login from the home folder, and says in words when there is none', async () => {
    const missing = await call('POST', '/admin/accounts/import', { source: 'claude-code' });
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('no Claude Code login found');

    const claudeDir = join(home, 'person', '.claude');
    mkdirSync(claudeDir, { recursive: true });
    const credentials = { claudeAiOauth: { accessToken: 'sk-ant-oat01-imported', refreshToken: 'sk-ant-ort01-imported', expiresAt: clock + 3_600_000 } };
    writeFileSync(join(claudeDir, '.credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
    writeFileSync(join(home, 'person', '.claude.json'), JSON.stringify({ oauthAccount: { emailAddress: 'imported@example.com' } }));

    const imported = await call('POST', '/admin/accounts/import', { source: 'claude-code' });
    expect(imported.status).toBe(201);
    const account = (imported.body as { account: { id: string; email: string } }).account;
    expect(account.email).toBe('imported@example.com');
    expect(String(imported.body.message)).toMatch(/refresh/);
    expect(pool.all().find((candidate) => candidate.id === account.id)?.data.access_token).toBe('sk-ant-oat01-imported');
    expect((await call('POST', '/admin/accounts/import', { source: 'gemini' })).status).toBe(400);
  });
});
