import { claudePartOf } from './account-part.js';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicOAuthStandIn, submitAuthorizeForm, textOfId, oauthConfigFor, type AnthropicOAuthStandIn } from '../../../e2e/stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../../../e2e/stand-ins/token-registry.js';
import { parseAccountFile } from '../../accounts/token-store.js';
import { validateConfig } from '../../config/load.js';
import { LoginError } from '../login-error.js';
import { loginWithLoopback, type LoginConfig, type LoginDeps } from './login.js';
import { loginWithManualPaste, ManualLogin } from './manual-login.js';

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
      expect(claudePartOf(saved).account_uuid).toBeTruthy();
      expect(claudePartOf(saved).organization?.uuid).toBeTruthy();

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
    /** Opens the address printed last, approves as `email`, and reads the `code#state` the callback page shows. */
    async function pasteFromPrintedUrl(email?: string): Promise<string> {
      const url = [...printed.join('\n').matchAll(/(http:\/\/\S+\/oauth\/authorize\S*)/g)].at(-1)?.[1] ?? '';
      return codeFor(url, email);
    }

    async function codeFor(authorizeUrl: string, email?: string): Promise<string> {
      const location = await submitAuthorizeForm(authorizeUrl, { email });
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

    /** Answers the prompts with `pastes` in turn (each may read what was printed so far); no more lines then. */
    function pastes(...answers: (() => Promise<string>)[]): () => Promise<string> {
      return async () => {
        const next = answers.shift();
        if (!next) throw new Error('no more lines');
        return next();
      };
    }

    it('asks again after a code from another login (state mismatch), and logs in with the right one', async () => {
      const readLine = pastes(async () => `${(await pasteFromPrintedUrl()).split('#')[0]}#someone-elses-state`, pasteFromPrintedUrl);
      const account = await loginWithManualPaste(config(), { ...deps(), readLine });
      expect(account.data.email).toBe('person@example.com');
      expect(printed.join('\n')).toMatch(/That did not work: the pasted code belongs to a different login/);
      expect(printed.join('\n')).not.toMatch(/fresh login address/); // the same login took the right code
      expect(standIn.exchanges).toBe(1);
      expect(await accountFiles()).toEqual(['anthropic-person@example.com.json']);
    });

    it('asks again after a paste without its state part, or an empty line', async () => {
      const readLine = pastes(async () => (await pasteFromPrintedUrl()).split('#')[0] ?? '', () => Promise.resolve('  '), pasteFromPrintedUrl);
      const account = await loginWithManualPaste(config(), { ...deps(), readLine });
      expect(account.data.email).toBe('person@example.com');
      expect(printed.join('\n')).toMatch(/has no state part/);
      expect(printed.join('\n')).toMatch(/nothing was pasted/);
      expect(printed.join('\n')).not.toMatch(/fresh login address/);
    });

    it('prints a fresh address when Anthropic refuses the code, and logs in through it', async () => {
      // The state is this login's, the code is not one Anthropic issued: the token endpoint refuses it (invalid_grant).
      const readLine = pastes(async () => `not-a-real-code#${(await pasteFromPrintedUrl()).split('#')[1]}`, pasteFromPrintedUrl);
      const account = await loginWithManualPaste(config(), { ...deps(), readLine });
      expect(account.data.email).toBe('person@example.com');
      const output = printed.join('\n');
      expect(output).toMatch(/Anthropic refused the authorization code: it was already used or has expired.*a fresh login link is needed/);
      expect(output).toMatch(/Here is a fresh login address/);
      const addresses = [...output.matchAll(/(http:\/\/\S+\/oauth\/authorize\S*)/g)].map((match) => match[1]);
      expect(addresses).toHaveLength(2);
      expect(new URL(addresses[1] ?? '').searchParams.get('state')).not.toBe(new URL(addresses[0] ?? '').searchParams.get('state'));
    });

    it('ends with the error of readLine when no more lines come', async () => {
      const readLine = pastes(() => Promise.resolve('garbage'));
      const error = await failure(loginWithManualPaste(config(), { ...deps(), readLine }));
      expect(error.message).toBe('no more lines');
      expect(standIn.exchanges).toBe(0);
      expect(await accountFiles()).toEqual([]);
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
      expect(Date.parse(account.data.logged_in_at ?? '')).toBeGreaterThan(0);
      expect(await accountFiles()).toEqual(['anthropic-person@example.com.json']);
    });
  });

  describe('one manual login attempt', () => {
    const writeAccount = (name: string, data: Record<string, unknown>) =>
      writeFile(join(authDir, `${name}.json`), JSON.stringify({ provider: 'anthropic', access_token: 'old', ...data }), { mode: 0o600 });

    async function codeOf(login: ManualLogin, email?: string): Promise<string> {
      const location = await submitAuthorizeForm(login.url, { email });
      return textOfId(await (await fetch(location)).text(), 'code') ?? '';
    }

    it('stays open after a wrong paste and is over once the account is saved', async () => {
      const login = await ManualLogin.start(config(), deps());
      const code = await codeOf(login);
      await expect(login.finish(`${code.split('#')[0]}#other-state`)).rejects.toMatchObject({ recovery: 'paste-again' });
      expect(login.over).toBe(false);
      const account = await login.finish(code);
      expect(account.data.email).toBe('person@example.com');
      expect(login.over).toBe(true);
      await expect(login.finish(code)).rejects.toMatchObject({ recovery: 'start-again' });
      expect(standIn.exchanges).toBe(1);
    });

    it('is over once Anthropic refuses its code (invalid_grant), and says a fresh link is needed', async () => {
      const login = await ManualLogin.start(config(), deps());
      const state = (await codeOf(login)).split('#')[1];
      const error = await failure(login.finish(`not-issued#${state}`));
      expect(error).toMatchObject({ recovery: 'start-again' });
      expect(error.message).toMatch(/^Anthropic refused the authorization code: it was already used or has expired .*a fresh login link is needed/);
      expect(login.over).toBe(true);
    });

    it('stays open when the token endpoint could not answer: the same code works on the next try', async () => {
      const login = await ManualLogin.start(config(), deps());
      const code = await codeOf(login);
      standIn.failNextToken(503, { error: 'temporarily_unavailable' });
      const error = await failure(login.finish(code));
      expect(error).toMatchObject({ recovery: 'paste-again' });
      expect(error.message).toMatch(/paste the code again$/);
      expect((await login.finish(code)).data.email).toBe('person@example.com');
    });

    it('takes one paste at a time: a second one while the first is exchanged is turned away', async () => {
      const login = await ManualLogin.start(config(), deps());
      const code = await codeOf(login);
      const first = login.finish(code);
      await expect(login.finish(code)).rejects.toThrow(/being finished right now/);
      await first;
      expect(standIn.exchanges).toBe(1);
    });

    it('renews the account it was started for: its own file, whatever its name, keeping label and priority', async () => {
      await writeAccount('anthropic-work', { email: 'ada@example.com', needs_login: 'the refresh token was refused', label: 'Work', priority: 3 });
      const login = await ManualLogin.start(config(), deps(), { renews: 'anthropic-work' });
      const account = await login.finish(await codeOf(login, 'ADA@example.com'));
      expect(account.id).toBe('anthropic-work');
      expect(account.data).toMatchObject({ email: 'ADA@example.com', needs_login: null, label: 'Work', priority: 3 });
      expect(account.data.access_token).not.toBe('old');
      expect(await accountFiles()).toEqual(['anthropic-work.json']);
    });

    it('refuses to renew an account with someone else\'s login, and changes nothing', async () => {
      await writeAccount('anthropic-work', { email: 'ada@example.com', needs_login: 'the refresh token was refused' });
      const login = await ManualLogin.start(config(), deps(), { renews: 'anthropic-work' });
      const error = await failure(login.finish(await codeOf(login, 'grace@example.com')));
      expect(error).toMatchObject({ recovery: 'start-again' });
      expect(error.message).toMatch(/this login was to renew ada@example\.com, but the sign-in page logged in grace@example\.com/);
      expect(await accountFiles()).toEqual(['anthropic-work.json']);
      expect(parseAccountFile(await readFile(join(authDir, 'anthropic-work.json'), 'utf8')).access_token).toBe('old');
    });

    it('adds the account as new when the one it renews was removed meanwhile', async () => {
      const login = await ManualLogin.start(config(), deps(), { renews: 'anthropic-gone' });
      const account = await login.finish(await codeOf(login));
      expect(account.id).toBe('anthropic-person@example.com');
    });
  });
});
