import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDeviceCode, approvePage, startDeviceLoginStandIn, type DeviceLoginStandIn } from '../../e2e/stand-ins/device-login.js';
// A test-only provider module with a device-code and a poll login (no registered provider has them yet).
// eslint-disable-next-line no-restricted-imports
import { deviceLoginModule } from '../../proxy/providers/__fixtures__/device-login/module.js';
import { validateConfig, type Config, type ProviderCatalogEntry, type ProviderModule } from '../../proxy/index.js';
import { desktopProvidersOf } from '../desktop-providers.js';
import { loginMethodKey, loginMethodsOf } from './login-methods.js';
import type { LoginView } from './login-view.js';
import { createDesktopLoginRunner } from './run-desktop-login.js';
import type { LoginSurfaceEvents, OpenLoginSurface } from './window-login.js';

/** The desktop app runs a provider's device-code and poll logins from the catalog alone: the test-only module, the stand-in login server. */
describe('desktop logins that wait', () => {
  let standIn: DeviceLoginStandIn;
  let home: string;
  let config: Config;
  let module: ProviderModule;

  beforeAll(async () => {
    standIn = await startDeviceLoginStandIn({ expiresInSeconds: 5 });
    home = mkdtempSync(join(tmpdir(), 'sb-desktop-waiting-'));
    config = validateConfig({ 'auth-dir': join(home, 'auth') }, join(home, 'config.yaml'));
    module = deviceLoginModule({ baseUrl: standIn.url });
  });
  afterAll(async () => {
    await standIn.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** The app window: records what it shows; closing it is the person's (or the test's) doing. */
  const appWindow = () => {
    const seen: { views: LoginView[]; closed: boolean; events: LoginSurfaceEvents | null } = { views: [], closed: false, events: null };
    const open: OpenLoginSurface = (_options, events) => {
      seen.events = events;
      return {
        load: () => undefined,
        show: (view) => seen.views.push(view),
        close: () => {
          seen.closed = true;
          events.closed();
        },
      };
    };
    return { open, seen };
  };

  /** The module as the catalog lists it (what the shell reads). */
  const catalogEntry = (): ProviderCatalogEntry => ({
    id: module.id,
    displayName: module.displayName,
    credentialKinds: module.credentialKinds,
    protocol: module.protocol,
    loginMethods: module.loginMethods,
    importers: [],
    policyNote: null,
    quotaSources: [],
  });

  const runnerFor = (openSurface: OpenLoginSurface, openExternal: (url: string) => Promise<void>) =>
    createDesktopLoginRunner({
      loadConfig: () => Promise.resolve(config),
      openSurface,
      openExternal,
      providers: desktopProvidersOf([catalogEntry()]),
      methods: loginMethodsOf([module.id], (id) => (id === module.id ? module : null)),
    });

  it('lists the device-code and poll methods from the catalog as logins that wait, each with its handler', () => {
    const [provider] = desktopProvidersOf([catalogEntry()]);
    expect(provider?.logins).toEqual([
      { id: 'device', label: 'Log in with a code', kind: 'waiting' },
      { id: 'page', label: 'Log in on a web page', kind: 'waiting' },
    ]);
    const methods = loginMethodsOf([module.id], () => module);
    expect(methods[loginMethodKey(module.id, 'device')]?.kind).toBe('waiting');
    expect(methods[loginMethodKey(module.id, 'page')]?.kind).toBe('waiting');
  });

  it('opens the code page in the system browser, shows the code in the window, and closes it once the code is used', async () => {
    const window = appWindow();
    const opened: string[] = [];
    const openExternal = async (url: string) => {
      opened.push(url);
      // The person reads the code off the app window and enters it on the page the browser opened.
      const view = window.seen.views.at(-1);
      if (view?.state === 'device-code') await approveDeviceCode(standIn.url, view.userCode, 'ada@example.com');
    };
    const outcome = await runnerFor(window.open, openExternal)(module.id, 'device');
    expect(outcome).toMatchObject({ status: 'done', account: 'ada@example.com' });
    expect(opened).toEqual([`${standIn.url}/device`]);
    expect(window.seen.views[0]).toMatchObject({ state: 'device-code', provider: 'Device Login', verificationUrl: `${standIn.url}/device`, userCode: expect.stringMatching(/^[0-9A-F]{4}-[0-9A-F]{4}$/) });
    expect(window.seen.closed).toBe(true);
  });

  it('opens the page of a poll login in the system browser and waits until the person logged in there', async () => {
    const window = appWindow();
    const outcome = await runnerFor(window.open, (url) => approvePage(url, 'grace@example.com'))(module.id, 'page');
    expect(outcome).toMatchObject({ status: 'done', account: 'grace@example.com' });
    expect(window.seen.views[0]).toMatchObject({ state: 'in-browser', url: expect.stringContaining(`${standIn.url}/page?uuid=`) });
  });

  it('closing the window cancels the login: it polls no more', async () => {
    const window = appWindow();
    const outcome = runnerFor(window.open, async () => undefined)(module.id, 'device');
    while ((standIn.codes.at(-1)?.polls ?? 0) < 1 || window.seen.events === null) await new Promise((resolve) => setTimeout(resolve, 5));
    const code = standIn.codes.at(-1)!;
    window.seen.events.closed();
    expect(await outcome).toEqual({ status: 'cancelled' });
    const pollsAtClose = code.polls;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(code.polls).toBe(pollsAtClose);
  });

  it('says in the window, in words, why a login failed', async () => {
    const window = appWindow();
    const openExternal = async () => {
      const view = window.seen.views.at(-1);
      if (view?.state === 'device-code') await approveDeviceCode(standIn.url, view.userCode, 'ada@example.com', { deny: true });
    };
    const outcome = await runnerFor(window.open, openExternal)(module.id, 'device');
    expect(outcome).toEqual({ status: 'failed', message: 'the login was declined on the verification page' });
    expect(window.seen.views.at(-1)).toEqual({ state: 'failed', provider: 'Device Login', message: 'the login was declined on the verification page' });
    expect(window.seen.closed).toBe(false);
  });
});
