/**
 * The one typed contract of the desktop bridge, shared by main/ (handlers), preload/ (window.switchboard) and
 * renderer/ (callers). Types only: nothing here exists at run time, so the renderer's web build can import it
 * and the sandboxed preload stays tiny.
 *
 * The dashboard reads and changes data through the proxy's HTTP API (so it also works in a plain browser);
 * this bridge adds only what a web page cannot do: start and stop the proxy, copy the owner key without
 * handing it to the page, open a link in the system browser.
 */

export type SwitchboardStateView = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';

/** What the desktop shell tells the page about the proxy. Mirrors proxy/index.ts's SwitchboardStatus. */
export interface SwitchboardStatusView {
  state: SwitchboardStateView;
  /** Base URL clients use, e.g. http://127.0.0.1:8317 (null unless running). */
  url: string | null;
  port: number | null;
  /** What went wrong, in words, when state is "error". */
  error: string | null;
  /** port_in_use: another program has the port; settings: the settings could not be read. */
  errorCode: 'port_in_use' | 'settings' | 'other' | null;
}

/** Calls the page makes; main answers each one (ipcMain.handle). Arguments and results must be cloneable. */
export interface DesktopCalls {
  getStatus(): SwitchboardStatusView;
  startProxy(): SwitchboardStatusView;
  stopProxy(): SwitchboardStatusView;
  /** Puts the owner key on the clipboard; the key itself never reaches the page. False if there is none yet. */
  copyApiKey(): boolean;
  /** Opens an https:// URL in the system browser; false (and nothing opened) for anything else. */
  openExternal(url: string): boolean;
}

/** Events main pushes to the page (webContents.send). */
export interface DesktopEvents {
  statusChanged(status: SwitchboardStatusView): void;
}

export type CallName = keyof DesktopCalls;
export type EventName = keyof DesktopEvents;
export type CallArgs<K extends CallName> = Parameters<DesktopCalls[K]>;
export type CallResult<K extends CallName> = ReturnType<DesktopCalls[K]>;
export type EventArgs<K extends EventName> = Parameters<DesktopEvents[K]>;

/** IPC channel names, derived from the contract so main and preload cannot drift apart. */
export type CallChannel<K extends CallName = CallName> = `switchboard:call:${K}`;
export type EventChannel<K extends EventName = EventName> = `switchboard:event:${K}`;

/** Stops a listener; returned by every `on…` helper so it fits a React effect's cleanup. */
export type Unsubscribe = () => void;

type EventListenerName<K extends EventName> = `on${Capitalize<K>}`;

/** `window.switchboard` in the desktop app: every call returns a promise, every event has an `on…` helper. */
export type DesktopApi = {
  readonly [K in CallName]: (...args: CallArgs<K>) => Promise<CallResult<K>>;
} & {
  readonly [K in EventName as EventListenerName<K>]: (listener: (...args: EventArgs<K>) => void) => Unsubscribe;
};
