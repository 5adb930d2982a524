/**
 * What a login method does, as the desktop shell runs it. A provider's methods implement one of these kinds and
 * are listed in login-methods.ts under the ids main/desktop-providers.ts gives them; the shell (windows, tray,
 * runner) only ever sees these interfaces.
 */
import type { Account, Config, DeviceCodeLogin, PageLogin } from '../../proxy/index.js';

/** What a login is for: a new account (`renews` null), or a new login of the account with that id. */
export interface DesktopLoginTarget {
  renews: string | null;
}

/** One login started in a window: the address to open and how it ends. */
export interface WindowLoginAttempt {
  /** The address the window opens first (the provider's authorize page). */
  url: string;
  /** The redirect that ends the login, caught inside the window; null for a login that ends without one. */
  callback: {
    redirectUri: string;
    state: string;
    /** Exchanges the code (the same function the CLI uses) and saves the account file. */
    finish(code: string): Promise<Account>;
  } | null;
  /**
   * For a login that ends without a redirect (e.g. a deep-link login that polls): settles when it is over. The
   * signal fires when the window closes.
   */
  completion?(signal: AbortSignal): Promise<Account>;
}

export interface BrowserLoginOptions {
  /** Opens the system browser (https, or http on this machine only). */
  openExternal(url: string): Promise<void>;
  /** Fires when the person gives up (closes the login window). */
  signal: AbortSignal;
}

export interface WindowLoginHandler {
  kind: 'oauth-window';
  start(config: Config, target: DesktopLoginTarget): Promise<WindowLoginAttempt>;
  /** The same login in the system browser, for sign-in pages that refuse app windows. */
  inBrowser(config: Config, options: BrowserLoginOptions, target: DesktopLoginTarget): Promise<Account>;
}

export interface ImportLoginHandler {
  kind: 'import';
  /** Copies a login another tool holds on this machine; the message tells the person what happened. */
  run(config: Config): Promise<{ account: Account; message: string }>;
}

/**
 * A login that waits (a device code, or a page whose status is polled): the person finishes it in the system
 * browser while the app polls; the app window shows the code (or the page's address) and closing it cancels.
 */
export interface WaitingLoginHandler {
  kind: 'waiting';
  start(config: Config, target: DesktopLoginTarget): Promise<{ method: 'device-code'; login: DeviceCodeLogin } | { method: 'poll'; login: PageLogin }>;
}

export type LoginHandler = WindowLoginHandler | ImportLoginHandler | WaitingLoginHandler;
