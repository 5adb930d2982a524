/**
 * The dashboard as the desktop app's window shows it: the page talks to `window.switchboard` (preload/contract.ts)
 * for what only the app can do. Chromium has no preload here, so a test bridge that records its calls stands in
 * for it; what is checked is the page's side of the contract — the buttons it builds from the app's provider
 * list, the calls it makes, and how it shows what the app answers.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DesktopApi, DesktopInfo, LoginFinishedEvent, LoginOutcomeView, SwitchboardStatusView } from '../../preload/contract.js';
import { AccountsPage, AppShell } from '../pages/index.js';
import { expect, test } from './support/fixtures.js';

interface BridgeRecord {
  calls: unknown[][];
}

/** The page's global object, as far as this spec touches it (the node type-check has no DOM types). */
type PageGlobals = { switchboard?: DesktopApi; bridgeRecord?: BridgeRecord };

const TOKENS_NOT_ENCRYPTED = 'Not encrypted: no keyring was found (GNOME Keyring or KWallet), so tokens stay in files readable only by you.';

/** Runs in the page before its own scripts: a bridge with the contract's shape that answers like the app would. */
function installBridge(options: { origin: string; notEncrypted: string; added: string }): void {
  const page = globalThis as unknown as PageGlobals;
  const record: BridgeRecord = { calls: [] };
  page.bridgeRecord = record;
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  let info: DesktopInfo = {
    appVersion: '0.1.0',
    platform: 'linux',
    launchAtLogin: { supported: true, enabled: false },
    tokens: { encrypted: false, description: options.notEncrypted },
    providers: [{ id: 'anthropic', name: 'Claude', logins: [{ id: 'oauth', label: 'Log in to Claude…', kind: 'oauth-window' }] }],
  };
  const status: SwitchboardStatusView = { state: 'running', url: options.origin, port: Number(new URL(options.origin).port), error: null, errorCode: null };
  const on =
    <A extends unknown[]>(name: string) =>
    (listener: (...args: A) => void): (() => void) => {
      const set = listeners.get(name) ?? new Set();
      const untyped = listener as (...args: unknown[]) => void;
      set.add(untyped);
      listeners.set(name, set);
      return () => void set.delete(untyped);
    };
  const emit = (name: string, ...args: unknown[]) => listeners.get(name)?.forEach((listener) => listener(...args));
  const call =
    <T,>(name: string, answer: (...args: unknown[]) => T) =>
    async (...args: unknown[]): Promise<T> => {
      record.calls.push([name, ...args]);
      return answer(...args);
    };
  const bridge: DesktopApi = {
    getStatus: call('getStatus', () => status),
    startProxy: call('startProxy', () => status),
    stopProxy: call('stopProxy', () => status),
    copyApiKey: call('copyApiKey', () => true),
    openExternal: call('openExternal', () => false),
    getDesktopInfo: call('getDesktopInfo', () => info),
    login: call('login', (providerId, methodId): LoginOutcomeView => {
      const outcome: LoginOutcomeView = { status: 'done', accountId: 'anthropic-desk', account: options.added, message: null };
      emit('loginFinished', { providerId, methodId, outcome });
      return outcome;
    }),
    setLaunchAtLogin: call('setLaunchAtLogin', (enabled) => {
      info = { ...info, launchAtLogin: { supported: true, enabled: enabled === true } };
      emit('desktopInfoChanged', info);
      return info;
    }),
    onStatusChanged: on<[SwitchboardStatusView]>('statusChanged'),
    onDesktopInfoChanged: on<[DesktopInfo]>('desktopInfoChanged'),
    onLoginFinished: on<[LoginFinishedEvent]>('loginFinished'),
  };
  page.switchboard = bridge;
}

test('in the app window, the page logs in through the app, sets launch at login and warns about plain tokens', async ({ page, stack }) => {
  await page.addInitScript(installBridge, { origin: stack.url, notEncrypted: TOKENS_NOT_ENCRYPTED, added: 'desk@example.com' });
  const shell = new AppShell(page);
  await shell.signIn(stack.ownerKey);
  const recorded = async () => (await page.evaluate(() => (globalThis as unknown as PageGlobals).bridgeRecord?.calls ?? [])) as unknown[][];
  // Exactly "Proxy": the overview's "Proxy status" has a status line of its own while it loads.
  const proxy = page.getByRole('region', { name: 'Proxy', exact: true });

  await test.step('the app controls show the proxy state and that tokens are not encrypted', async () => {
    await expect(proxy.getByRole('status')).toHaveText(`Running at ${stack.url}`);
    await expect(proxy.getByRole('note')).toHaveText(TOKENS_NOT_ENCRYPTED);
  });

  await test.step('"Copy API key" and "Launch Switchboard at login" go to the app', async () => {
    await proxy.getByRole('button', { name: 'Copy API key' }).click();
    await expect(proxy.getByText('API key copied to the clipboard.')).toBeVisible();
    const launch = proxy.getByRole('checkbox', { name: 'Launch Switchboard at login' });
    await expect(launch).not.toBeChecked();
    await launch.check();
    await expect(launch).toBeChecked();
    expect(await recorded()).toEqual(expect.arrayContaining([['copyApiKey'], ['setLaunchAtLogin', true]]));
  });

  await test.step('Accounts offers the app\'s login methods and shows how a login ended', async () => {
    const accounts = new AccountsPage(page);
    await accounts.open();
    await page.getByRole('group', { name: 'Add an account with the app' }).getByRole('button', { name: 'Log in to Claude…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added desk@example.com. It serves requests from now on.' })).toBeVisible();
    expect(await recorded()).toContainEqual(['login', 'anthropic', 'oauth']);
    // The manual login stays available beside the app's own.
    await expect(accounts.addAccountButton).toBeVisible();
  });
});

test('in the app window, "Log in again" runs the app\'s login window for that account', async ({ page, stack }) => {
  const name = 'renew-in-app@example.com';
  const file = join(stack.authDir, 'anthropic-renew-in-app.json');
  const dead = { provider: 'anthropic', access_token: 'sk-ant-oat01-dead', email: name, needs_login: 'the refresh token was refused' };
  await writeFile(file, JSON.stringify(dead), { mode: 0o600 });
  try {
    await page.addInitScript(installBridge, { origin: stack.url, notEncrypted: TOKENS_NOT_ENCRYPTED, added: name });
    const shell = new AppShell(page);
    await shell.signIn(stack.ownerKey);
    const accounts = new AccountsPage(page);
    await accounts.open();
    await accounts.logInAgainButton(name).click();
    await expect(accounts.account(name).getByRole('status').filter({ hasText: `Logged in again as ${name}.` })).toBeVisible();
    const calls = (await page.evaluate(() => (globalThis as unknown as PageGlobals).bridgeRecord?.calls ?? [])) as unknown[][];
    expect(calls).toContainEqual(['login', 'anthropic', 'oauth', { accountId: 'anthropic-renew-in-app' }]);
    // The app's window did the login: no manual login opened in the page.
    await expect(accounts.relogin(name).box).toHaveCount(0);
  } finally {
    await rm(file, { force: true });
    await fetch(`${stack.url}/admin/reload`, { method: 'POST', headers: { authorization: `Bearer ${stack.ownerKey}` } });
  }
});
