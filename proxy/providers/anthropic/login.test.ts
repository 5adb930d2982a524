import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicOAuthStandIn, submitAuthorizeForm, textOfId, oauthConfigFor, type AnthropicOAuthStandIn } from '../../../e2e/stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../../../e2e/stand-ins/token-registry.js';
import { parseAccountFile } from '../../accounts/token-store.js';
import { validateConfig } from '../../config/load.js';
import { LoginError } from './login-error.js';
import { loginWithLoopback, loginWithManualPaste, type LoginConfig, type LoginDeps } from './login.js';

/** A port that was free a moment ago: the redirect URI must name its port before the listener starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

interface BrowserVisit {
  status: number;
  html: string;
}

/**
 * Plays the person's browser: opens the authorize page, submits the form, then follows the redirect to the
 * loopback listener (optionally after tampering with it).
 */
function fakeBrowser(options: { email?: string; decision?: 'approve' | 'deny'; tamper?: (location: URL) => void } = {}) {
  const visits: BrowserVisit[] = [];
  let finished: Promise<void> = Promise.resolve();
  const openBrowser = (url: string): Promise<void> => {
    finished = (async () => {
      const location = new URL(await submitAuthorizeForm(url, options));
      options.tamper?.(location);
      const response = await fetch(location);
      visits.push({ status: response.status, html: await response.text() });
    })();
    return Promise.resolve();
  };
  return { openBrowser, visits, done: () => finished };
}

describe('Anthropic login', () => {
  let tokens: TokenRegistry;
  let standIn: AnthropicOAuthStandIn;
  let authDir: string;
  let port: number;
  let printed: string[];

  beforeEach(async () => {
    tokens = new TokenRegistry();
    standIn = await startAnthropicOAuthStandIn({ tokens });
    authDir = await mkdtemp(join(tmpdir(), 'switchboard-login-'));
    port = await freePort();
    printed = [];
  });
  afterEach(async () => {
    await standIn.close();
    await rm(authDir, { recursive: true, force: true });
  });

  function config(overrides: { 'base-url'?: string } = {}): LoginConfig {
    return validateConfig(
      {
        'auth-dir': authDir,
        providers: {
          anthropic: {
            'base-url': overrides['base-url'] ?? standIn.url,
            oauth: oauthConfigFor(standIn, `http://localhost:${port}/callback`),
          },
        },
      },
      '/tmp/x/config.yaml',
    );
  }

  function deps(extra: LoginDeps = {}): LoginDeps {
    return { print: (text) => printed.push(text), ...extra };
  }

  async function accountFiles(): Promise<string[]> {
    return (await readdir(authDir)).filter((name) => name.endsWith('.json'));
  }

  describe('loopback', () => {
    it('logs in end to end through the browser and saves a 0600 account file', async () => {
      const browser = fakeBrowser({ email: 'ada@example.com' });
      const account = await loginWithLoopback(config(), deps({ openBrowser: browser.openBrowser }));
      await browser.done();

      expect(account.path).toBe(join(authDir, 'anthropic-ada@example.com.json'));
      expect((await stat(account.path)).mode & 0o777).toBe(0o600);
      const saved = parseAccountFile(await readFile(account.path, 'utf8'));
      expect(saved).toMatchObject({ provider: 'anthropic', email: 'ada@example.com', plan: 'max', source: 'login', needs_login: null });
      expect(tokens.accountOf(saved.access_token)).toBe('ada@example.com');
      expect(saved.refresh_token).toMatch(/^sk-ant-ort01-/);
      expect(Date.parse(saved.expires_at ?? '')).toBeGreaterThan(Date.now());
      expect(saved.account_uuid).toBeTruthy();
      expect(saved.organization?.uuid).toBeTruthy();

      expect(browser.visits).toEqual([{ status: 200, html: expect.stringContaining('Switchboard: login complete, you can close this tab') }]);
      expect(printed.join('\n')).toContain(standIn.authorizeUrl);
      expect(printed.join('\n')).not.toContain(saved.access_token);
      // The listener is gone once the login is over.
      await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
    });

    it('refuses a callback whose state is not ours, with a 400 page and no account', async () => {
      const browser = fakeBrowser({ tamper: (location) => location.searchParams.set('state', 'forged') });
      const error = await failure(loginWithLoopback(config(), deps({ openBrowser: browser.openBrowser })));
      await browser.done();
      expect(error).toBeInstanceOf(LoginError);
      expect(error.message).toMatch(/does not belong to this login.*run the login again/);
      expect(browser.visits[0]?.status).toBe(400);
      expect(standIn.exchanges).toBe(0);
      expect(await accountFiles()).toEqual([]);
    });

    it('says clearly when the person declined', async () => {
      const browser = fakeBrowser({ decision: 'deny' });
      const error = await failure(loginWithLoopback(config(), deps({ openBrowser: browser.openBrowser })));
      await browser.done();
      expect(error.message).toMatch(/declined in the browser: run the login again and choose Authorize/);
      expect(browser.visits[0]?.status).toBe(400);
    });

    it('escapes what it echoes back to the browser', async () => {
      const browser = fakeBrowser({
        tamper: (location) => {
          location.searchParams.delete('code');
          location.searchParams.set('error', 'server_error');
          location.searchParams.set('error_description', '<script>alert(1)</script>');
        },
      });
      await failure(loginWithLoopback(config(), deps({ openBrowser: browser.openBrowser })));
      await browser.done();
      const html = browser.visits[0]?.html ?? '';
      expect(html).not.toContain('<script>');
      expect(html).toContain('&#60;script&#62;');
    });

    it('says the port is taken and suggests --manual', async () => {
      const blocker = await occupy(port);
      try {
        const error = await failure(loginWithLoopback(config(), deps({ openBrowser: null })));
        expect(error.message).toMatch(new RegExp(`port ${port} is already in use.*--manual`));
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });

    it('gives up when the browser never comes back', async () => {
      const error = await failure(loginWithLoopback(config(), deps({ openBrowser: null, callbackTimeoutMs: 200 })));
      expect(error.message).toMatch(/no answer came back from the browser within 200 ?ms/);
      expect(printed.join('\n')).toMatch(/Open this address in a browser/);
      await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
    });

    it('still logs in when the profile cannot be read (plan stays unknown)', async () => {
      const browser = fakeBrowser();
      const account = await loginWithLoopback(config({ 'base-url': 'http://127.0.0.1:9/' }), deps({ openBrowser: browser.openBrowser }));
      await browser.done();
      expect(account.data.email).toBe('person@example.com');
      expect(account.data.plan).toBeUndefined();
    });

    it('tells the person when the browser cannot be opened, and keeps waiting', async () => {
      const error = await failure(
        loginWithLoopback(config(), deps({ openBrowser: () => Promise.reject(new Error('no display')), callbackTimeoutMs: 200 })),
      );
      expect(error.message).toMatch(/within/);
      expect(printed.join('\n')).toMatch(/Could not open a browser \(no display\): open the address above yourself/);
    });
  });

  describe('manual paste', () => {
    /** Opens the printed address, approves, and reads the `code#state` the callback page shows. */
    async function pasteFromPrintedUrl(): Promise<string> {
      const url = /(http:\/\/\S+\/oauth\/authorize\S*)/.exec(printed.join('\n'))?.[1] ?? '';
      const location = await submitAuthorizeForm(url);
      const page = await fetch(location);
      return textOfId(await page.text(), 'code') ?? '';
    }

    it('logs in with the pasted code#state', async () => {
      const account = await loginWithManualPaste(config(), { ...deps(), readLine: () => pasteFromPrintedUrl() });
      expect(account.data).toMatchObject({ email: 'person@example.com', source: 'login', plan: 'max' });
      expect(tokens.accountOf(account.data.access_token)).toBe('person@example.com');
    });

    it('accepts the whole redirect address as well', async () => {
      const readLine = async (): Promise<string> => {
        const url = /(http:\/\/\S+\/oauth\/authorize\S*)/.exec(printed.join('\n'))?.[1] ?? '';
        return submitAuthorizeForm(url);
      };
      const account = await loginWithManualPaste(config(), { ...deps(), readLine });
      expect(account.data.email).toBe('person@example.com');
    });

    it('refuses a code from another login (state mismatch)', async () => {
      const readLine = async (): Promise<string> => `${(await pasteFromPrintedUrl()).split('#')[0]}#someone-elses-state`;
      const error = await failure(loginWithManualPaste(config(), { ...deps(), readLine }));
      expect(error).toBeInstanceOf(LoginError);
      expect(error.message).toMatch(/belongs to a different login/);
      expect(standIn.exchanges).toBe(0);
      expect(await accountFiles()).toEqual([]);
    });

    it('refuses a paste without its state part', async () => {
      const readLine = async (): Promise<string> => (await pasteFromPrintedUrl()).split('#')[0] ?? '';
      const error = await failure(loginWithManualPaste(config(), { ...deps(), readLine }));
      expect(error.message).toMatch(/has no state part/);
    });

    it('revives an account that needed a new login', async () => {
      await writeFile(
        join(authDir, 'anthropic-person@example.com.json'),
        JSON.stringify({ provider: 'anthropic', access_token: 'old', email: 'person@example.com', needs_login: 'refresh token refused', label: 'work' }),
        { mode: 0o600 },
      );
      const account = await loginWithManualPaste(config(), { ...deps(), readLine: () => pasteFromPrintedUrl() });
      expect(account.data).toMatchObject({ needs_login: null, label: 'work' });
      expect(account.data.access_token).not.toBe('old');
      expect(await accountFiles()).toEqual(['anthropic-person@example.com.json']);
    });
  });
});
