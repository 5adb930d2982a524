import { describe, expect, it } from 'vitest';
import type { DesktopInfo, SwitchboardStatusView } from '../preload/contract.js';
import { createDesktopCallHandlers, toDesktopInfo } from './desktop-calls.js';
import { desktopProviders, findLoginMethod, type DesktopProvider } from './desktop-providers.js';

const RUNNING: SwitchboardStatusView = { state: 'running', url: 'http://127.0.0.1:8317', port: 8317, error: null, errorCode: null };

const providers: DesktopProvider[] = [
  {
    id: 'anthropic',
    name: 'Claude',
    logins: [
      { id: 'oauth', label: 'Log in to Claude…', kind: 'oauth-window' },
      { id: 'import-claude-code', label: 'Import from Claude Code', kind: 'import' },
    ],
  },
];

function setup() {
  const calls: string[] = [];
  let launchAtLogin = false;
  const info = (): DesktopInfo =>
    toDesktopInfo({
      appVersion: '0.1.0',
      platform: 'linux',
      launchAtLogin: { supported: true, enabled: launchAtLogin },
      tokens: { encrypted: true, description: 'encrypted with the keyring' },
      providers,
    });
  const handlers = createDesktopCallHandlers({
    proxy: { status: () => RUNNING, start: async () => RUNNING, stop: async () => ({ ...RUNNING, state: 'stopped', url: null, port: null }) },
    copyApiKey: async () => true,
    openExternal: async () => true,
    desktopInfo: async () => info(),
    login: async (providerId, methodId, options) => {
      calls.push(`login ${providerId}/${methodId}${options?.accountId ? ` renewing ${options.accountId}` : ''}`);
      return { status: 'done', accountId: 'anthropic-me' };
    },
    setLaunchAtLogin: async (enabled) => {
      calls.push(`launch at login ${enabled}`);
      launchAtLogin = enabled;
    },
    providers,
  });
  return { handlers, calls };
}

describe('createDesktopCallHandlers', () => {
  it('runs a login the app offers and answers its outcome', async () => {
    const { handlers, calls } = setup();
    expect(await handlers.login('anthropic', 'oauth')).toEqual({ status: 'done', accountId: 'anthropic-me' });
    expect(calls).toEqual(['login anthropic/oauth']);
  });

  it('renews an account through a login window, and refuses to renew one through an import', async () => {
    const { handlers, calls } = setup();
    await handlers.login('anthropic', 'oauth', { accountId: 'anthropic-me' });
    await expect(handlers.login('anthropic', 'import-claude-code', { accountId: 'anthropic-me' })).rejects.toThrow(/cannot renew an account/);
    expect(calls).toEqual(['login anthropic/oauth renewing anthropic-me']);
  });

  it('refuses a provider or method the app does not offer', async () => {
    const { handlers, calls } = setup();
    await expect(handlers.login('anthropic', 'import-anything')).rejects.toThrow(/no login "import-anything" for "anthropic"/);
    await expect(handlers.login('evil', 'oauth')).rejects.toThrow(/refused/);
    expect(calls).toEqual([]);
  });

  it('turns launch at login on and answers the new desktop info', async () => {
    const { handlers, calls } = setup();
    expect((await handlers.setLaunchAtLogin(true)).launchAtLogin).toEqual({ supported: true, enabled: true });
    expect(calls).toEqual(['launch at login true']);
  });
});

describe('toDesktopInfo', () => {
  it('copies the provider list into plain data the page can use for its login buttons', () => {
    const info = toDesktopInfo({
      appVersion: '1.2.3',
      platform: 'darwin',
      launchAtLogin: { supported: true, enabled: false },
      tokens: { encrypted: false, description: 'files readable only by you' },
      providers: desktopProviders,
    });
    expect(info.providers.map((provider) => provider.id)).toEqual(desktopProviders.map((provider) => provider.id));
    expect(info.providers[0]?.logins).toEqual(desktopProviders[0]?.logins.map(({ id, label, kind }) => ({ id, label, kind })));
    expect(structuredClone(info)).toEqual(info);
  });
});

describe('findLoginMethod', () => {
  it('finds a method by provider and id', () => {
    expect(findLoginMethod(providers, 'anthropic', 'oauth')).toMatchObject({ provider: { name: 'Claude' }, method: { kind: 'oauth-window' } });
    expect(findLoginMethod(providers, 'anthropic', 'nope')).toBeNull();
    expect(findLoginMethod(providers, 'nobody', 'oauth')).toBeNull();
  });
});
