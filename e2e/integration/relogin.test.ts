/**
 * A new login revives an account at once, whichever way it arrives: the account that needed a login loses its
 * "needs login", its cooldown and its last errors (the request's and the quota reading's) — through the CLI in
 * another process (picked up by the auth-dir watcher), the admin API's login, and an import (CLI or admin API).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { oauthConfigFor, submitAuthorizeForm, textOfId } from '../stand-ins/anthropic-oauth.js';
import { ACCOUNT_EMAIL, adminCall, startStack, TEST_API_KEY, type Stack } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const ACCOUNT_ID = `anthropic-${ACCOUNT_EMAIL}`;

interface AccountView {
  id: string;
  status: string;
  state: string;
  needsLogin: string | null;
  cooldownUntil: string | null;
  usage: { lastError: string | null };
  quota: { lastError: string | null } | null;
}

describe('a new login revives an account that needed one', () => {
  let stack: Stack | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  const view = async (current: Stack): Promise<AccountView> => {
    const { body } = await adminCall<{ accounts: AccountView[] }>(current, 'GET', '/admin/accounts');
    const account = body.accounts.find((candidate) => candidate.id === ACCOUNT_ID);
    if (!account) throw new Error(`no ${ACCOUNT_ID} in ${JSON.stringify(body)}`);
    return account;
  };

  /** The account's login dies: a request cools it down with a "needs a new login" error, and a quota read fails. */
  async function withDeadLogin(): Promise<Stack> {
    stack = await startStack();
    stack.tokens.expireAccessTokens(ACCOUNT_EMAIL);
    stack.tokens.revokeRefreshTokens(ACCOUNT_EMAIL);
    const answer = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(answer.status).toBe(503);
    await adminCall(stack, 'POST', `/admin/accounts/${ACCOUNT_ID}/quota`);
    const dead = await view(stack);
    expect(dead.status).toBe('needs_login');
    expect(dead.cooldownUntil).not.toBeNull();
    expect(dead.usage.lastError).toMatch(/needs a new login/);
    expect(dead.quota?.lastError).toBeTruthy();
    return stack;
  }

  function expectRevived(account: AccountView): void {
    expect(account).toMatchObject({ status: 'ready', needsLogin: null, cooldownUntil: null, usage: { lastError: null } });
    expect(account.quota?.lastError ?? null).toBeNull();
    expect(account.state).toMatch(/^ready/);
  }

  /** Plays the person's browser for an authorize address: approve, read the "code#state" the page shows. */
  async function codeFor(authorizeUrl: string): Promise<string> {
    const page = await fetch(await submitAuthorizeForm(authorizeUrl, { email: ACCOUNT_EMAIL }));
    return textOfId(await page.text(), 'code') ?? '';
  }

  /** `switchboard <args>` in its own process, against the stack's auth-dir and stand-ins, with HOME at `home`. */
  async function runCli(current: Stack, args: string[], home: string, answer?: (stdout: string) => Promise<string | null>): Promise<void> {
    const configPath = join(home, 'config.yaml');
    const config = { 'auth-dir': current.config['auth-dir'], 'data-dir': join(home, 'data'), providers: { anthropic: { 'base-url': current.api.url, oauth: oauthConfigFor(current.oauth) } } };
    await writeFile(configPath, JSON.stringify(config)); // JSON is YAML
    const child = spawn(TSX, ['proxy/cli.ts', '--config', configPath, ...args], { cwd: ROOT, env: { ...process.env, HOME: home }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let answered = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (answered || !answer) return;
      answered = true;
      void answer(stdout).then((line) => (line === null ? (answered = false) : child.stdin.end(`${line}\n`)));
    });
    if (!answer) child.stdin.end();
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
  }

  it('through `switchboard login anthropic --manual` in another process, picked up by the auth-dir watcher', async () => {
    const current = await withDeadLogin();
    scratch = await mkdtemp(join(tmpdir(), 'sb-relogin-cli-'));
    await runCli(current, ['login', 'anthropic', '--manual'], scratch, async (stdout) => {
      const url = /(http:\/\/\S+\/oauth\/authorize\?\S+)/.exec(stdout)?.[1];
      return url && stdout.includes('Code:') ? codeFor(url) : null;
    });
    await expect.poll(async () => (await view(current)).status, { timeout: 10_000 }).toBe('ready');
    expectRevived(await view(current));
  });

  it('through the admin API login that renews it: revived in the answer\'s wake, no second account', async () => {
    const current = await withDeadLogin();
    const started = await adminCall<{ attemptId: string; url: string }>(current, 'POST', '/admin/accounts/login', { provider: 'anthropic', accountId: ACCOUNT_ID });
    expect(started.status).toBe(201);
    const finished = await adminCall(current, 'POST', `/admin/accounts/login/${started.body.attemptId}`, { code: await codeFor(started.body.url) });
    expect(finished.status).toBe(200);
    expectRevived(await view(current));
    expect((await adminCall<{ accounts: unknown[] }>(current, 'GET', '/admin/accounts')).body.accounts).toHaveLength(1);
  });

  /** Claude Code's own login of the same person, in `home` (fresh tokens from the stand-in). */
  async function claudeCodeLogin(current: Stack, home: string): Promise<void> {
    const issued = current.tokens.issue(ACCOUNT_EMAIL);
    await mkdir(join(home, '.claude'), { recursive: true });
    const credentials = { claudeAiOauth: { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: Date.now() + issued.expiresIn * 1000 } };
    await writeFile(join(home, '.claude', '.credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
  }

  it('through `switchboard import claude-code` in another process, picked up by the auth-dir watcher', async () => {
    const current = await withDeadLogin();
    scratch = await mkdtemp(join(tmpdir(), 'sb-relogin-import-'));
    await claudeCodeLogin(current, scratch);
    await runCli(current, ['import', 'claude-code'], scratch);
    await expect.poll(async () => (await view(current)).status, { timeout: 10_000 }).toBe('ready');
    expectRevived(await view(current));
  });

  it('through the admin API import', async () => {
    const current = await withDeadLogin();
    scratch = await mkdtemp(join(tmpdir(), 'sb-relogin-import-'));
    await claudeCodeLogin(current, scratch);
    // The server runs in this process and looks for Claude Code's login in the home folder.
    const home = process.env.HOME;
    process.env.HOME = scratch;
    try {
      expect((await adminCall(current, 'POST', '/admin/accounts/import', { source: 'claude-code' })).status).toBe(201);
    } finally {
      process.env.HOME = home;
    }
    expectRevived(await view(current));
  });
});
