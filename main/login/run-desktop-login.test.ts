import { describe, expect, it } from 'vitest';
import { validateConfig, type Account, type Config } from '../../proxy/index.js';
import { desktopProviders, type DesktopProvider } from '../desktop-providers.js';
import type { ImportLoginHandler, LoginHandler, WindowLoginHandler } from './login-handler.js';
import { loginMethodKey, loginMethods } from './login-methods.js';
import type { LoginView } from './login-view.js';
import { createDesktopLoginRunner, type DesktopLoginDeps } from './run-desktop-login.js';
import type { LoginSurfaceEvents, OpenLoginSurface } from './window-login.js';

const config: Config = validateConfig({ 'auth-dir': '/tmp/switchboard-runner-test' }, '/tmp/x/config.yaml');
const account: Account = { id: 'anthropic-me@example.com', path: '/tmp/a.json', data: { provider: 'anthropic', access_token: 'a', email: 'me@example.com' } };

const providers: DesktopProvider[] = [
  {
    id: 'example',
    name: 'Example',
    logins: [
      { id: 'window', label: 'Log in to Example…', kind: 'oauth-window' },
      { id: 'import-tool', label: 'Import from Tool', kind: 'import' },
      { id: 'mislabelled', label: 'Import?', kind: 'import' },
      { id: 'missing', label: 'Nothing behind it', kind: 'import' },
    ],
    embeddedRefusals: [{ host: 'sso.example.com', reason: 'Example’s SSO refuses app windows' }],
  },
];

/** A window the person closes at once, after the page tried to go where the test says. */
function windowGoingTo(url: string | null) {
  const seen: { title: string; views: LoginView[]; events: LoginSurfaceEvents | null } = { title: '', views: [], events: null };
  const open: OpenLoginSurface = (options, events) => {
    seen.title = options.title;
    seen.events = events;
    return {
      load: () => {
        if (url) events.request(url, 'main');
        if (seen.views.at(-1)?.state === 'signing-in') events.closed();
      },
      show: (view) => seen.views.push(view),
      close: () => events.closed(),
    };
  };
  return { open, seen };
}

const windowHandler = (inBrowser: WindowLoginHandler['inBrowser'] = () => Promise.reject(new Error('unused'))): WindowLoginHandler => ({
  kind: 'oauth-window',
  start: () => Promise.resolve({ url: 'https://example.com/authorize', callback: { redirectUri: 'http://localhost:1/cb', state: 's', finish: () => Promise.resolve(account) } }),
  inBrowser,
});

function runner(methods: Record<string, LoginHandler>, overrides: Partial<DesktopLoginDeps> = {}) {
  return createDesktopLoginRunner({
    loadConfig: () => Promise.resolve(config),
    openSurface: windowGoingTo(null).open,
    openExternal: () => Promise.resolve(),
    providers,
    methods,
    ...overrides,
  });
}

describe('the desktop login methods', () => {
  it('has a handler of the listed kind for every login in the providers list', () => {
    for (const provider of desktopProviders) {
      for (const method of provider.logins) {
        expect(loginMethods[loginMethodKey(provider.id, method.id)]?.kind, `${provider.id}/${method.id}`).toBe(method.kind);
      }
    }
    const listed = desktopProviders.flatMap((provider) => provider.logins.map((method) => loginMethodKey(provider.id, method.id)));
    expect(Object.keys(loginMethods).sort()).toEqual(listed.sort());
  });
});

describe('runDesktopLogin', () => {
  it('runs an import and reports the account and its message', async () => {
    const imported: ImportLoginHandler = { kind: 'import', run: (settings) => Promise.resolve({ account, message: `imported into ${settings['auth-dir']}` }) };
    const run = runner({ 'example/import-tool': imported });
    expect(await run('example', 'import-tool')).toEqual({
      status: 'done',
      accountId: 'anthropic-me@example.com',
      account: 'me@example.com',
      message: 'imported into /tmp/switchboard-runner-test',
    });
  });

  it('prefers the account’s label to its e-mail', async () => {
    const labelled = { ...account, data: { ...account.data, label: 'Work' } };
    const run = runner({ 'example/import-tool': { kind: 'import', run: () => Promise.resolve({ account: labelled, message: '' }) } });
    expect(await run('example', 'import-tool')).toMatchObject({ status: 'done', account: 'Work' });
  });

  it('reports a failed import in words', async () => {
    const failing: ImportLoginHandler = { kind: 'import', run: () => Promise.reject(new Error('no Claude Code login found at ~/.claude/.credentials.json: run `claude` and log in first')) };
    expect(await runner({ 'example/import-tool': failing })('example', 'import-tool')).toEqual({
      status: 'failed',
      message: 'no Claude Code login found at ~/.claude/.credentials.json: run `claude` and log in first',
    });
  });

  it('opens a login window for an oauth-window method, titled with the provider’s name', async () => {
    const { open, seen } = windowGoingTo(null);
    const outcome = await runner({ 'example/window': windowHandler() }, { openSurface: open })('example', 'window');
    expect(outcome).toEqual({ status: 'cancelled' });
    expect(seen.title).toBe('Log in to Example — Switchboard');
  });

  it('gives the window the provider’s own refusals as well as the shared ones', async () => {
    const browserLogins: string[] = [];
    const handler = windowHandler(async (_settings, options) => {
      browserLogins.push('started');
      await options.openExternal('https://example.com/authorize?in-browser');
      return account;
    });
    const opened: string[] = [];
    const own = windowGoingTo('https://sso.example.com/start');
    const outcome = await runner({ 'example/window': handler }, { openSurface: own.open, openExternal: async (url) => void opened.push(url) })('example', 'window');
    expect(outcome).toMatchObject({ status: 'done', account: 'me@example.com' });
    expect(opened).toEqual(['https://example.com/authorize?in-browser']);
    expect(own.seen.views.find((view) => view.state === 'in-browser')).toMatchObject({ reason: 'Example’s SSO refuses app windows' });

    const shared = windowGoingTo('https://accounts.google.com/signin');
    expect(await runner({ 'example/window': handler }, { openSurface: shared.open })('example', 'window')).toMatchObject({ status: 'done' });
    expect(browserLogins).toHaveLength(2);
  });

  it('hands the account to renew to the window login and to its browser fallback', async () => {
    const targets: unknown[] = [];
    const handler: WindowLoginHandler = {
      ...windowHandler(async (_settings, _options, target) => {
        targets.push(['inBrowser', target]);
        return account;
      }),
      start: (_settings, target) => {
        targets.push(['start', target]);
        return windowHandler().start(config, target);
      },
    };
    const toSso = windowGoingTo('https://sso.example.com/start');
    expect(await runner({ 'example/window': handler }, { openSurface: toSso.open })('example', 'window', { accountId: 'example-me' })).toMatchObject({ status: 'done' });
    expect(await runner({ 'example/window': handler })('example', 'window')).toEqual({ status: 'cancelled' });
    expect(targets).toEqual([
      ['start', { renews: 'example-me' }],
      ['inBrowser', { renews: 'example-me' }],
      ['start', { renews: null }],
    ]);
  });

  it('reports settings that cannot be read as a failed login', async () => {
    const run = runner({ 'example/window': windowHandler() }, { loadConfig: () => Promise.reject(new Error('config.yaml: port must be a number')) });
    expect(await run('example', 'window')).toEqual({ status: 'failed', message: 'config.yaml: port must be a number' });
  });

  it('rejects a provider or method that is not listed, or listed without a fitting handler', async () => {
    const run = runner({ 'example/window': windowHandler(), 'example/mislabelled': windowHandler() });
    await expect(run('nobody', 'window')).rejects.toThrow('the desktop app lists no login "window" for the provider "nobody"');
    await expect(run('example', 'nothing')).rejects.toThrow(/lists no login "nothing"/);
    await expect(run('example', 'missing')).rejects.toThrow(/is listed but has no handler/);
    await expect(run('example', 'mislabelled')).rejects.toThrow(/listed as "import" but its handler is "oauth-window"/);
  });
});
