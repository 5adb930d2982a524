import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAnthropicOAuthStandIn, submitAuthorizeForm, oauthConfigFor, type AnthropicOAuthStandIn } from '../../e2e/stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../../e2e/stand-ins/token-registry.js';
import { validateConfig, type Account, type Config } from '../../proxy/index.js';
import { loginMethodKey, loginMethods } from './login-methods.js';
import type { WindowLoginHandler } from './login-handler.js';
import { SHARED_REFUSALS, type RequestFrame } from './login-navigation.js';
import type { LoginView } from './login-view.js';
import { runWindowLogin, type LoginSurface, type LoginSurfaceEvents, type OpenLoginSurface } from './window-login.js';

/** Claude's window login as the shell runs it (built from the proxy's provider module). */
const anthropicWindowLogin = loginMethods[loginMethodKey('anthropic', 'oauth')] as WindowLoginHandler;

/** What the person does once the window shows a page. */
type Person = (window: FakeLoginWindow, url: string) => Promise<void>;

/** The login window without Electron: records what the flow shows and plays the browser's requests through it. */
class FakeLoginWindow implements LoginSurface {
  readonly views: LoginView[] = [];
  readonly cancelled: string[] = [];
  closed = false;
  /** What the person is doing in the window right now. */
  activity: Promise<void> = Promise.resolve();

  constructor(
    readonly title: string,
    readonly events: LoginSurfaceEvents,
    private readonly person: Person,
  ) {}

  load(url: string): void {
    this.activity = this.person(this, url);
  }

  show(view: LoginView): void {
    if (!this.closed) this.views.push(view);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.closed();
  }

  /** The window is about to load `url`: true when the flow lets it. */
  go(url: string, frame: RequestFrame = 'main'): boolean {
    const verdict = this.events.request(url, frame);
    if (verdict === 'cancel') this.cancelled.push(url);
    return verdict === 'allow';
  }

  lastView(): LoginView | undefined {
    return this.views.at(-1);
  }
}

function fakeWindows(person: Person): { open: OpenLoginSurface; windows: FakeLoginWindow[] } {
  const windows: FakeLoginWindow[] = [];
  const open: OpenLoginSurface = (options, events) => {
    const window = new FakeLoginWindow(options.title, events, person);
    windows.push(window);
    return window;
  };
  return { open, windows };
}

/**
 * Signs in on the stand-in's authorize page for real (fetching it and submitting its form) and then follows the
 * redirect as a browser would: only if the flow lets the window go there.
 */
function signsIn(plan: { email?: string; decision?: 'approve' | 'deny'; tamper?: (location: URL) => void } = {}): Person {
  return async (window, url) => {
    if (!window.go(url)) return;
    const location = new URL(await submitAuthorizeForm(url, plan));
    plan.tamper?.(location);
    if (window.go(location.href)) await fetch(location).catch(() => undefined);
  };
}

/** Does nothing in the window (the person looks at the page). */
const idle: Person = async (window, url) => {
  window.go(url);
};

/** The system browser for the fallback: signs in on the stand-in and follows the redirect to the loopback listener. */
function systemBrowser(plan: { email?: string } = {}) {
  const opened: string[] = [];
  const answers: number[] = [];
  let browsing: Promise<void> = Promise.resolve();
  return {
    opened,
    answers,
    done: () => browsing,
    openExternal: (url: string): Promise<void> => {
      opened.push(url);
      browsing = (async () => {
        const location = await submitAuthorizeForm(url, plan);
        answers.push((await fetch(location)).status);
      })();
      return Promise.resolve();
    },
  };
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

describe('login in an app window (against the stand-in OAuth server)', () => {
  let tokens: TokenRegistry;
  let standIn: AnthropicOAuthStandIn;
  let authDir: string;
  /** Another program on the redirect port: the window must never need the port, nor send the code there. */
  let squatter: Server;
  let squatterHits: string[];
  let redirectPort: number;

  beforeEach(async () => {
    tokens = new TokenRegistry();
    standIn = await startAnthropicOAuthStandIn({ tokens });
    authDir = await mkdtemp(join(tmpdir(), 'switchboard-window-login-'));
    squatterHits = [];
    squatter = createServer((request, response) => {
      squatterHits.push(request.url ?? '');
      response.end('not switchboard');
    });
    redirectPort = await listen(squatter);
  });

  afterEach(async () => {
    await closeServer(squatter);
    await standIn.close();
    await rm(authDir, { recursive: true, force: true });
  });

  function config(port = redirectPort): Config {
    return validateConfig(
      {
        'auth-dir': authDir,
        providers: {
          anthropic: {
            'base-url': standIn.url,
            oauth: oauthConfigFor(standIn, `http://localhost:${port}/callback`),
          },
        },
      },
      '/tmp/x/config.yaml',
    );
  }

  function login(open: OpenLoginSurface, options: { handler?: WindowLoginHandler; config?: Config; openExternal?: (url: string) => Promise<void>; renews?: string } = {}) {
    return runWindowLogin({
      provider: { name: 'Claude', refusals: SHARED_REFUSALS },
      handler: options.handler ?? anthropicWindowLogin,
      config: options.config ?? config(),
      openSurface: open,
      openExternal: options.openExternal ?? (() => Promise.reject(new Error('no browser in this test'))),
      ...(options.renews ? { target: { renews: options.renews } } : {}),
    });
  }

  async function accountFiles(): Promise<string[]> {
    return (await readdir(authDir)).filter((name) => name.endsWith('.json'));
  }

  it('catches the redirect to the callback, exchanges the code and saves the account, without the port', async () => {
    const { open, windows } = fakeWindows(signsIn({ email: 'ada@example.com' }));
    const outcome = await login(open);
    const [window] = windows;
    await window?.activity;

    expect(outcome).toEqual({ status: 'done', accountId: 'anthropic-ada@example.com', account: 'ada@example.com', message: null });
    const path = join(authDir, 'anthropic-ada@example.com.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(path, 'utf8')) as Account['data'];
    expect(tokens.accountOf(saved.access_token)).toBe('ada@example.com');
    expect(saved).toMatchObject({ provider: 'anthropic', email: 'ada@example.com', plan: 'max', source: 'login', refresh_token: expect.stringMatching(/^sk-ant-ort01-/) });
    expect(standIn.exchanges).toBe(1);

    expect(window?.title).toBe('Log in to Claude — Switchboard');
    expect(window?.cancelled).toEqual([expect.stringMatching(new RegExp(`^http://localhost:${redirectPort}/callback\\?code=`))]);
    expect(squatterHits).toEqual([]);
    expect(window?.views.map((view) => view.state)).toEqual(['signing-in', 'finishing']);
    expect(window?.closed).toBe(true);
  });

  it('renews the account it was started for: that account\'s file gets the new login, no second account appears', async () => {
    await writeFile(
      join(authDir, 'anthropic-work.json'),
      JSON.stringify({ provider: 'anthropic', access_token: 'old', email: 'ada@example.com', needs_login: 'the refresh token was refused', label: 'Work' }),
      { mode: 0o600 },
    );
    const { open } = fakeWindows(signsIn({ email: 'ada@example.com' }));
    const outcome = await login(open, { renews: 'anthropic-work' });
    expect(outcome).toEqual({ status: 'done', accountId: 'anthropic-work', account: 'Work', message: null });
    expect(await accountFiles()).toEqual(['anthropic-work.json']);
    const saved = JSON.parse(await readFile(join(authDir, 'anthropic-work.json'), 'utf8')) as Account['data'];
    expect(tokens.accountOf(saved.access_token)).toBe('ada@example.com');
    expect(saved.needs_login).toBeNull();
  });

  it('lets two logins run side by side, each with its own account', async () => {
    const first = fakeWindows(signsIn({ email: 'one@example.com' }));
    const second = fakeWindows(signsIn({ email: 'two@example.com' }));
    const outcomes = await Promise.all([login(first.open), login(second.open)]);
    expect(outcomes.map((outcome) => (outcome.status === 'done' ? outcome.account : outcome.status))).toEqual(['one@example.com', 'two@example.com']);
    expect((await accountFiles()).sort()).toEqual(['anthropic-one@example.com.json', 'anthropic-two@example.com.json']);
  });

  it('refuses an answer whose state is not this login’s, and keeps the window open with the reason', async () => {
    const { open, windows } = fakeWindows(signsIn({ tamper: (location) => location.searchParams.set('state', 'forged') }));
    const outcome = await login(open);
    expect(outcome).toEqual({ status: 'failed', message: expect.stringContaining('does not belong to this login') });
    expect(standIn.exchanges).toBe(0);
    expect(await accountFiles()).toEqual([]);
    expect(squatterHits).toEqual([]);
    expect(windows[0]?.closed).toBe(false);
    expect(windows[0]?.lastView()).toEqual({ state: 'failed', provider: 'Claude', message: expect.stringContaining('state does not match') });
  });

  it('says in words that the authorization was declined', async () => {
    const { open, windows } = fakeWindows(signsIn({ decision: 'deny' }));
    const outcome = await login(open);
    expect(outcome).toEqual({ status: 'failed', message: 'the authorization was declined on the sign-in page: start the login again and choose Authorize' });
    expect(windows[0]?.lastView()).toMatchObject({ state: 'failed', message: expect.stringContaining('declined') });
    expect(squatterHits).toEqual([]);
  });

  it('shows the token endpoint’s refusal in words', async () => {
    standIn.failNextToken(400, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
    const { open, windows } = fakeWindows(signsIn());
    const outcome = await login(open);
    expect(outcome).toEqual({ status: 'failed', message: expect.stringMatching(/^Anthropic refused the authorization code.*run the login again/) });
    expect(windows[0]?.views.map((view) => view.state)).toEqual(['signing-in', 'finishing', 'failed']);
  });

  it('is cancelled when the person closes the window', async () => {
    const { open, windows } = fakeWindows(idle);
    const outcome = login(open);
    await expect.poll(() => windows.length).toBe(1);
    windows[0]?.close();
    expect(await outcome).toEqual({ status: 'cancelled' });
    expect(await accountFiles()).toEqual([]);
  });

  it('fails in words when the login cannot even start (no window opens)', async () => {
    const { open, windows } = fakeWindows(idle);
    const broken = validateConfig({ 'auth-dir': authDir }, '/tmp/x/config.yaml');
    const handler: WindowLoginHandler = { ...anthropicWindowLogin, start: () => Promise.reject(new Error('the settings name no authorize address')) };
    expect(await login(open, { handler, config: broken })).toEqual({ status: 'failed', message: 'the settings name no authorize address' });
    expect(windows).toEqual([]);
  });

  describe('when the page refuses app windows (Google sign-in)', () => {
    it('continues in the system browser on its own and finishes through the loopback listener', async () => {
      const loopbackPort = await freePort();
      const browser = systemBrowser({ email: 'grace@example.com' });
      // On the provider's page the person picks "Continue with Google": the page goes to Google's sign-in.
      const { open, windows } = fakeWindows(async (window, url) => {
        window.go(url);
        window.go('https://accounts.google.com/o/oauth2/v2/auth?client_id=claude&redirect_uri=https%3A%2F%2Fclaude.ai%2Fgoogle');
      });
      const outcome = await login(open, { config: config(loopbackPort), openExternal: browser.openExternal });
      await browser.done();

      const [window] = windows;
      expect(window?.cancelled).toEqual([expect.stringMatching(/^https:\/\/accounts\.google\.com\//)]);
      expect(window?.views.filter((view) => view.state === 'in-browser')).toEqual([
        { state: 'in-browser', provider: 'Claude', reason: 'Google does not allow signing in inside apps', url: null },
        { state: 'in-browser', provider: 'Claude', reason: 'Google does not allow signing in inside apps', url: browser.opened[0] },
      ]);
      expect(browser.opened).toEqual([expect.stringContaining(`redirect_uri=${encodeURIComponent(`http://localhost:${loopbackPort}/callback`)}`)]);
      expect(browser.answers).toEqual([200]);
      expect(outcome).toMatchObject({ status: 'done', account: 'grace@example.com' });
      expect(tokens.accountOf(JSON.parse(await readFile(join(authDir, 'anthropic-grace@example.com.json'), 'utf8')).access_token)).toBe('grace@example.com');
      expect(window?.closed).toBe(true);
    });

    it('continues in the browser when a loaded page says it may not be secure', async () => {
      const browser = systemBrowser();
      const { open, windows } = fakeWindows(async (window, url) => {
        window.go(url);
        window.events.pageLoaded('https://sso.example.com/login', 'Couldn’t sign you in\nThis browser or app may not be secure.');
      });
      const outcome = await login(open, { config: config(await freePort()), openExternal: browser.openExternal });
      await browser.done();
      expect(outcome).toMatchObject({ status: 'done' });
      expect(windows[0]?.views.find((view) => view.state === 'in-browser')).toMatchObject({ reason: 'the sign-in page does not allow signing in inside apps' });
    });

    it('does not move to the browser for an ordinary page', async () => {
      const { open, windows } = fakeWindows(async (window, url) => {
        window.go(url);
        window.events.pageLoaded(url, 'Authorize Claude Code');
      });
      const outcome = login(open);
      await expect.poll(() => windows.length).toBe(1);
      await windows[0]?.activity;
      expect(windows[0]?.views.map((view) => view.state)).toEqual(['signing-in']);
      windows[0]?.close();
      expect(await outcome).toEqual({ status: 'cancelled' });
    });
  });

  describe('"Open in your browser instead"', () => {
    it('runs the loopback login with the system browser when the person asks', async () => {
      const browser = systemBrowser({ email: 'lin@example.com' });
      const { open, windows } = fakeWindows(async (window, url) => {
        window.go(url);
        window.events.fallbackRequested();
      });
      const outcome = await login(open, { config: config(await freePort()), openExternal: browser.openExternal });
      await browser.done();
      expect(outcome).toMatchObject({ status: 'done', account: 'lin@example.com' });
      expect(windows[0]?.views.find((view) => view.state === 'in-browser')).toMatchObject({ reason: null });
    });

    it('stops listening when the person closes the window while the browser is open', async () => {
      const loopbackPort = await freePort();
      const opened: string[] = [];
      const { open, windows } = fakeWindows(async (window, url) => {
        window.go(url);
        window.events.fallbackRequested();
      });
      const outcome = login(open, {
        config: config(loopbackPort),
        openExternal: async (url) => {
          opened.push(url);
        },
      });
      await expect.poll(() => opened.length).toBe(1);
      // The loopback listener is up while the browser is out there.
      expect((await fetch(`http://127.0.0.1:${loopbackPort}/elsewhere`)).status).toBe(404);
      windows[0]?.close();
      expect(await outcome).toEqual({ status: 'cancelled' });
      await expect.poll(() => fetch(`http://127.0.0.1:${loopbackPort}/callback`).then(() => 'listening', () => 'closed')).toBe('closed');
    });

    it('shows why the browser login failed, e.g. the loopback port is taken', async () => {
      const { open, windows } = fakeWindows(async (window, url) => {
        window.go(url);
        window.events.fallbackRequested();
      });
      // The squatter holds the redirect port: fine for the window, not for a listener.
      const outcome = await login(open, { openExternal: () => Promise.resolve() });
      expect(outcome).toEqual({ status: 'failed', message: expect.stringContaining(`port ${redirectPort} is already in use`) });
      expect(windows[0]?.lastView()).toMatchObject({ state: 'failed' });
    });

    it('is ignored once the code is being exchanged', async () => {
      const exchange = heldExchange();
      const { open, windows } = fakeWindows(signsIn());
      const outcome = login(open, { handler: exchange.handler });
      await expect.poll(() => windows[0]?.lastView()?.state).toBe('finishing');
      windows[0]?.events.fallbackRequested();
      exchange.release();
      expect(await outcome).toMatchObject({ status: 'done' });
      expect(windows[0]?.views.map((view) => view.state)).toEqual(['signing-in', 'finishing']);
    });
  });

  /** The Anthropic login with its exchange held back until release(). */
  function heldExchange(): { handler: WindowLoginHandler; release: () => void } {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler: WindowLoginHandler = {
      ...anthropicWindowLogin,
      async start(settings) {
        const attempt = await anthropicWindowLogin.start(settings, { renews: null });
        const callback = attempt.callback!;
        return { ...attempt, callback: { ...callback, finish: async (code) => (await held, callback.finish(code)) } };
      },
    };
    return { handler, release };
  }

  it('lets the exchange finish and save the account when the window is closed meanwhile', async () => {
    const exchange = heldExchange();
    const { open, windows } = fakeWindows(signsIn({ email: 'slow@example.com' }));
    const outcome = login(open, { handler: exchange.handler });
    await expect.poll(() => windows[0]?.lastView()?.state).toBe('finishing');
    windows[0]?.close();
    exchange.release();
    expect(await outcome).toMatchObject({ status: 'done', account: 'slow@example.com' });
    expect(await accountFiles()).toEqual(['anthropic-slow@example.com.json']);
  });

  describe('a login that ends without a redirect (e.g. a deep-link poll)', () => {
    function polling(result: (signal: AbortSignal) => Promise<Account>): WindowLoginHandler {
      return {
        kind: 'oauth-window',
        start: () => Promise.resolve({ url: 'https://login.example.com/device', callback: null, completion: result }),
        inBrowser: () => Promise.reject(new Error('not used')),
      };
    }
    const account: Account = { id: 'cursor-x', path: '/tmp/cursor-x.json', data: { provider: 'anthropic', access_token: 'a', email: 'x@example.com' } };

    it('finishes when the poll does and closes the window', async () => {
      const { open, windows } = fakeWindows(idle);
      const outcome = await login(open, { handler: polling(() => Promise.resolve(account)) });
      expect(outcome).toEqual({ status: 'done', accountId: 'cursor-x', account: 'x@example.com', message: null });
      expect(windows[0]?.closed).toBe(true);
    });

    it('stops the poll when the window closes', async () => {
      let stopped = false;
      const { open, windows } = fakeWindows(idle);
      const outcome = login(open, {
        handler: polling(
          (signal) =>
            new Promise<Account>((_resolve, reject) => {
              signal.addEventListener('abort', () => {
                stopped = true;
                reject(new Error('aborted'));
              });
            }),
        ),
      });
      await expect.poll(() => windows.length).toBe(1);
      windows[0]?.close();
      expect(await outcome).toEqual({ status: 'cancelled' });
      expect(stopped).toBe(true);
    });
  });
});
