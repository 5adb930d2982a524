/**
 * main/ipc.ts against a stand-in for electron's ipcMain and BrowserWindow (the Electron binary cannot run in
 * tests): every contract call gets a handler, and calls from anything but our dashboard page are refused.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallName } from '../preload/contract.js';
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
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    BrowserWindow: { fromWebContents: (contents: object) => windowsByContents.get(contents) ?? null },
  };
});

vi.mock('electron', () => ({ ipcMain: electron.ipcMain, BrowserWindow: electron.BrowserWindow }));

const { registerIpcHandlers, callChannel, eventChannel } = await import('./ipc.js');

const APP_URL = 'http://127.0.0.1:8317/';
const RUNNING = { state: 'running', url: 'http://127.0.0.1:8317', port: 8317, error: null, errorCode: null } as const;

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
  const ipc = registerIpcHandlers(
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
    },
    policy,
  );
  return { ipc, calls };
}

beforeEach(() => {
  electron.handlers.clear();
  electron.windowsByContents.clear();
});

describe('registerIpcHandlers', () => {
  it('registers one handler per contract call and removes them on dispose', () => {
    const { ipc } = setup([]);
    expect([...electron.handlers.keys()].sort()).toEqual(
      ['copyApiKey', 'getStatus', 'openExternal', 'startProxy', 'stopProxy'].map((name) => `switchboard:call:${name}`),
    );
    ipc.dispose();
    expect(electron.handlers.size).toBe(0);
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
    expect(calls).toEqual([]);
  });

  it('broadcasts events only to our windows that show our page', () => {
    const showing = fakeWindow();
    const elsewhere = fakeWindow('https://evil.example/');
    const { ipc } = setup([showing, elsewhere]);
    ipc.broadcast('statusChanged', RUNNING);
    expect(showing.sent).toEqual([[eventChannel('statusChanged'), RUNNING]]);
    expect(elsewhere.sent).toEqual([]);
  });
});
