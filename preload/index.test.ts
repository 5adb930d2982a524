/**
 * preload/index.ts against a stand-in for electron's contextBridge and ipcRenderer: the page gets exactly the
 * contract's calls and `on…` helpers, each on the channel main/ipc.ts listens to, and never the IPC event.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from './contract.js';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    exposed,
    invoked,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return 'answer';
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    },
  };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

await import('./index.js');
// main/ipc.ts names the channels main listens on; the preload must use the very same names.
const { callChannel, eventChannel } = await import('../main/ipc.js');

const api = electron.exposed.get('switchboard') as DesktopApi;

describe('window.switchboard', () => {
  it('is the only thing exposed, with exactly the contract\'s calls and events', () => {
    expect([...electron.exposed.keys()]).toEqual(['switchboard']);
    expect(Object.keys(api).sort()).toEqual(
      ['copyApiKey', 'getDesktopInfo', 'getStatus', 'login', 'onDesktopInfoChanged', 'onLoginFinished', 'onStatusChanged', 'openExternal', 'setLaunchAtLogin', 'startProxy', 'stopProxy'].sort(),
    );
  });

  it('sends each call on its channel with its arguments', async () => {
    electron.invoked.length = 0;
    await api.login('anthropic', 'oauth');
    await api.setLaunchAtLogin(true);
    await api.openExternal('https://example.com/');
    await api.getDesktopInfo();
    expect(electron.invoked).toEqual([
      [callChannel('login'), 'anthropic', 'oauth'],
      [callChannel('setLaunchAtLogin'), true],
      [callChannel('openExternal'), 'https://example.com/'],
      [callChannel('getDesktopInfo')],
    ]);
  });

  it('hands the page the payload only, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.onLoginFinished((...args) => received.push(args));
    const channel = eventChannel('loginFinished');
    const payload = { providerId: 'anthropic', methodId: 'oauth', outcome: { status: 'cancelled' } };
    for (const listener of electron.listeners.get(channel) ?? []) listener({ sender: 'the IPC event' }, payload);
    expect(received).toEqual([[payload]]);
    unsubscribe();
    expect(electron.listeners.get(channel)?.size).toBe(0);
  });
});
