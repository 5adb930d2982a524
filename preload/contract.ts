/**
 * The one typed contract of the desktop bridge, shared by main/ (handlers), preload/ (window.switchboard) and
 * renderer/ (callers). Types only: nothing here exists at run time, so the renderer's web build can import it
 * and the sandboxed preload stays tiny.
 *
 * The dashboard reads and changes data through the proxy's HTTP API (so it also works in a plain browser);
 * this bridge adds only what a web page cannot do: start and stop the proxy, copy the owner key without
 * handing it to the page, open a link in the system browser, log in through an app window, launch at login.
 *
 * Compatibility: calls and events are only ever added. A page built against an older contract keeps working.
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

/** How a login through the app ended. "failed" carries a sentence to show as it is. */
export type LoginOutcomeView =
  | {
      status: 'done';
      /** The account file's id, when known. */
      accountId: string | null;
      /** What to call the account (its e-mail or label), when known. */
      account?: string;
      /** Anything the person should know about this login, in words. */
      message?: string | null;
    }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

/** How account tokens (OAuth secrets) are kept on this machine. */
export interface TokenProtectionView {
  /** True when the OS offers a real secret store and the tokens are sealed with it (safeStorage). */
  encrypted: boolean;
  /** In words, e.g. "encrypted with the macOS Keychain" or "files readable only by you (no keyring found)". */
  description: string;
}

export interface DesktopLoginMethodView {
  id: string;
  label: string;
  /** oauth-window: an app window; waiting: a code or page finished in the system browser; import: one press. */
  kind: 'oauth-window' | 'waiting' | 'import';
}

export interface DesktopProviderView {
  id: string;
  name: string;
  logins: DesktopLoginMethodView[];
}

/** What the page may want to know about the app it runs in. */
export interface DesktopInfo {
  appVersion: string;
  /** process.platform: "darwin", "win32", "linux". */
  platform: string;
  /** supported is false where the app cannot register itself (e.g. a development build). */
  launchAtLogin: { supported: boolean; enabled: boolean };
  tokens: TokenProtectionView;
  /** The providers the app can log in to, and how (main/desktop-providers.ts). */
  providers: DesktopProviderView[];
}

/** What a login through the app is for; without options it adds an account. */
export interface DesktopLoginOptions {
  /**
   * Log in again to this account (its id in GET /admin/accounts): the login replaces that account's tokens instead
   * of adding a second account. Only for login methods of kind "oauth-window".
   */
  accountId?: string;
}

export interface LoginFinishedEvent {
  providerId: string;
  methodId: string;
  outcome: LoginOutcomeView;
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
  getDesktopInfo(): DesktopInfo;
  /**
   * Runs a login method of DesktopInfo.providers in an app window (or an import); settles when it is over.
   * Refused (the promise rejects) for a provider or method the app does not list, or options it cannot honour.
   */
  login(providerId: string, methodId: string, options?: DesktopLoginOptions): LoginOutcomeView;
  /** Turns launching at login on or off; answers the new DesktopInfo (launchAtLogin.enabled as the OS has it). */
  setLaunchAtLogin(enabled: boolean): DesktopInfo;
}

/** Events main pushes to the page (webContents.send). */
export interface DesktopEvents {
  statusChanged(status: SwitchboardStatusView): void;
  /** Launch at login was changed (e.g. from the tray), or token protection became known. */
  desktopInfoChanged(info: DesktopInfo): void;
  /** A login ended, wherever it was started (tray or page): time to reload the accounts. */
  loginFinished(event: LoginFinishedEvent): void;
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
