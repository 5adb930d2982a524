/**
 * main/ipc.ts against a stand-in for electron's ipcMain and BrowserWindow (the Electron binary cannot run in
 * tests): every contract call gets a handler, and calls from anything but our dashboard page are refused.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallName, DesktopInfo } from '../preload/contract.js';
import type { SenderPolicy } from './ipc.js';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  const windowsByContents = new Map<object, object>();
  return {
    handlers,
    windowsByContents,
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
    },
    BrowserWindow: { fromWebContents: (contents: object) => windowsByContents.get(contents) ?? null },
  };
});

vi.mock('electron', () => ({ ipcMain: electron.ipcMain, BrowserWindow: electron.BrowserWindow }));

const { broadcaster, registerIpcHandlers, callChannel, eventChannel } = await import('./ipc.js');

const APP_URL = 'http://127.0.0.1:8317/';
const RUNNING = { state: 'running', url: 'http://127.0.0.1:8317', port: 8317, error: null, errorCode: null } as const;
const INFO: DesktopInfo = {
  appVersion: '0.1.0',
  platform: 'linux',
  launchAtLogin: { supported: true, enabled: false },
  tokens: { encrypted: true, description: 'encrypted with the keyring' },
  providers: [],
};

function fakeWindow(url = APP_URL) {
  const sent: unknown[][] = [];
  const webContents = { getURL: () => url, send: (...args: unknown[]) => sent.push(args) };
  const window = { webContents, isDestroyed: () => false, sent };
  electron.windowsByContents.set(webContents, window);
  return window;
}

function invokeFrom(window: ReturnType<typeof fakeWindow> | null, name: CallName, args: unknown[] = [], frame: { url: string; parent: unknown } | null = { url: APP_URL, parent: null }) {
  const handler = electron.handlers.get(callChannel(name));
  if (!handler) throw new Error(`no handler for ${name}`);
  const sender = window?.webContents ?? { getURL: () => APP_URL };
  return handler({ sender, senderFrame: frame }, ...args);
}

function setup(windows: ReturnType<typeof fakeWindow>[]) {
  const calls: string[] = [];
  const policy: SenderPolicy = {
    windows: () => windows as never,
    isAppUrl: (url) => new URL(url).origin === new URL(APP_URL).origin,
  };
  registerIpcHandlers(
    {
      getStatus: () => RUNNING,
      startProxy: () => RUNNING,
      stopProxy: () => ({ ...RUNNING, state: 'stopped', url: null, port: null }),
      copyApiKey: () => {
        calls.push('copyApiKey');
        return true;
      },
      openExternal: (url) => {
        calls.push(`openExternal ${url}`);
        return true;
      },
      getDesktopInfo: () => INFO,
      login: (providerId, methodId, options) => {
        calls.push(`login ${providerId}/${methodId}${options ? ` ${JSON.stringify(options)}` : ''}`);
        return { status: 'cancelled' };
      },
      setLaunchAtLogin: (enabled) => {
        calls.push(`setLaunchAtLogin ${enabled}`);
        return { ...INFO, launchAtLogin: { supported: true, enabled } };
      },
    },
    policy,
  );
  return { policy, calls };
}

beforeEach(() => {
  electron.handlers.clear();
  electron.windowsByContents.clear();
});

describe('registerIpcHandlers', () => {
  it('registers one handler per contract call', () => {
    setup([]);
    expect([...electron.handlers.keys()].sort()).toEqual(
      ['copyApiKey', 'getDesktopInfo', 'getStatus', 'login', 'openExternal', 'setLaunchAtLogin', 'startProxy', 'stopProxy'].map((name) => `switchboard:call:${name}`),
    );
  });

  it('answers our dashboard page', async () => {
    const window = fakeWindow();
    const { calls } = setup([window]);
    await expect(invokeFrom(window, 'getStatus')).resolves.toEqual(RUNNING);
    await expect(invokeFrom(window, 'openExternal', ['https://example.com/'])).resolves.toBe(true);
    expect(calls).toEqual(['openExternal https://example.com/']);
  });

  it('refuses a window that is not ours', async () => {
    const ours = fakeWindow();
    const stranger = fakeWindow();
    const { calls } = setup([ours]);
    await expect(invokeFrom(stranger, 'copyApiKey')).rejects.toThrow(/not come from a Switchboard window/);
    await expect(invokeFrom(null, 'copyApiKey')).rejects.toThrow(/not come from a Switchboard window/);
    expect(calls).toEqual([]);
  });

  it('refuses our window when it shows another page, a sub-frame, or a frame that is gone', async () => {
    const window = fakeWindow();
    const { calls } = setup([window]);
    await expect(invokeFrom(window, 'copyApiKey', [], { url: 'https://evil.example/', parent: null })).rejects.toThrow(/not the dashboard/);
    await expect(invokeFrom(window, 'copyApiKey', [], { url: APP_URL, parent: {} })).rejects.toThrow(/sub-frame/);
    await expect(invokeFrom(window, 'copyApiKey', [], null)).rejects.toThrow(/frame is gone/);
    expect(calls).toEqual([]);
  });

  it('refuses arguments that do not match the contract', async () => {
    const window = fakeWindow();
    const { calls } = setup([window]);
    await expect(invokeFrom(window, 'openExternal', [42])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'openExternal', [])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'copyApiKey', ['extra'])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'login', ['anthropic'])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'login', ['anthropic', ''])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'login', ['anthropic', 'x'.repeat(101)])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'login', ['anthropic', { toString: () => 'oauth' }])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'login', ['anthropic', 'oauth', { accountId: 5 }])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'login', ['anthropic', 'oauth', { accountId: 'a', path: '/etc' }])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'login', ['anthropic', 'oauth', 'anthropic-me'])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'setLaunchAtLogin', ['true'])).rejects.toThrow(/wrong arguments/);
    await expect(invokeFrom(window, 'getDesktopInfo', [1])).rejects.toThrow(/wrong arguments/);
    expect(calls).toEqual([]);
  });

  it('passes checked arguments of the newer calls through', async () => {
    const window = fakeWindow();
    const { calls } = setup([window]);
    await expect(invokeFrom(window, 'login', ['anthropic', 'oauth'])).resolves.toEqual({ status: 'cancelled' });
    await expect(invokeFrom(window, 'login', ['anthropic', 'oauth', { accountId: 'anthropic-me' }])).resolves.toEqual({ status: 'cancelled' });
    await expect(invokeFrom(window, 'setLaunchAtLogin', [true])).resolves.toMatchObject({ launchAtLogin: { enabled: true } });
    await expect(invokeFrom(window, 'getDesktopInfo')).resolves.toEqual(INFO);
    expect(calls).toEqual(['login anthropic/oauth', 'login anthropic/oauth {"accountId":"anthropic-me"}', 'setLaunchAtLogin true']);
  });

  it('checks the sender before anything else, for every call', async () => {
    const stranger = fakeWindow();
    const { calls } = setup([fakeWindow()]);
    for (const name of ['getStatus', 'startProxy', 'stopProxy', 'copyApiKey', 'getDesktopInfo'] as const) {
      await expect(invokeFrom(stranger, name)).rejects.toThrow(/not come from a Switchboard window/);
    }
    await expect(invokeFrom(stranger, 'login', ['anthropic', 'oauth'])).rejects.toThrow(/not come from a Switchboard window/);
    await expect(invokeFrom(stranger, 'setLaunchAtLogin', [true])).rejects.toThrow(/not come from a Switchboard window/);
    await expect(invokeFrom(stranger, 'openExternal', ['https://example.com/'])).rejects.toThrow(/not come from a Switchboard window/);
    expect(calls).toEqual([]);
  });

  it('broadcasts events only to our windows that show our page', () => {
    const showing = fakeWindow();
    const elsewhere = fakeWindow('https://evil.example/');
    const broadcast = broadcaster(setup([showing, elsewhere]).policy);
    broadcast('statusChanged', RUNNING);
    broadcast('loginFinished', { providerId: 'anthropic', methodId: 'oauth', outcome: { status: 'done', accountId: null } });
    expect(showing.sent).toEqual([
      [eventChannel('statusChanged'), RUNNING],
      ['switchboard:event:loginFinished', { providerId: 'anthropic', methodId: 'oauth', outcome: { status: 'done', accountId: null } }],
    ]);
    expect(elsewhere.sent).toEqual([]);
  });
});
