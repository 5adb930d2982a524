/**
 * The sandboxed preload: exposes `window.switchboard` (DesktopApi) and nothing else — no ipcRenderer, no
 * generic send(channel). Bundled to CommonJS (dist/preload/index.cjs) because sandboxed preloads cannot be ESM;
 * `electron` stays external and is provided by the sandbox's require.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallArgs, CallChannel, CallName, CallResult, DesktopApi, EventArgs, EventChannel, EventName, Unsubscribe } from './contract.js';

function invoke<K extends CallName>(name: K, ...args: CallArgs<K>): Promise<CallResult<K>> {
  const channel: CallChannel<K> = `switchboard:call:${name}`;
  return ipcRenderer.invoke(channel, ...args) as Promise<CallResult<K>>;
}

function subscribe<K extends EventName>(name: K, listener: (...args: EventArgs<K>) => void): Unsubscribe {
  const channel: EventChannel<K> = `switchboard:event:${name}`;
  // The page gets the payload only: the IpcRendererEvent (and its `sender`) never crosses the bridge.
  const wrapped = (_event: IpcRendererEvent, ...args: unknown[]): void => listener(...(args as EventArgs<K>));
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

// Typed as DesktopApi, so a call or event added to the contract fails type-checking here until it is exposed.
const api: DesktopApi = {
  getStatus: () => invoke('getStatus'),
  startProxy: () => invoke('startProxy'),
  stopProxy: () => invoke('stopProxy'),
  copyApiKey: () => invoke('copyApiKey'),
  openExternal: (url) => invoke('openExternal', url),
  getDesktopInfo: () => invoke('getDesktopInfo'),
  login: (providerId, methodId, options) => (options === undefined ? invoke('login', providerId, methodId) : invoke('login', providerId, methodId, options)),
  setLaunchAtLogin: (enabled) => invoke('setLaunchAtLogin', enabled),
  onStatusChanged: (listener) => subscribe('statusChanged', listener),
  onDesktopInfoChanged: (listener) => subscribe('desktopInfoChanged', listener),
  onLoginFinished: (listener) => subscribe('loginFinished', listener),
};

contextBridge.exposeInMainWorld('switchboard', api);
