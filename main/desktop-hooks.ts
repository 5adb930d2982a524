/**
 * What the shell needs from the in-app login and token-encryption code (main/login/**, main/secrets/**), as
 * plain function types. The shell (tray, IPC) calls only these; main/index.ts passes the implementations in.
 */
import type { BrowserWindow } from 'electron';
import type { Config } from '../proxy/index.js';
import type { LoginOutcomeView, TokenProtectionView } from '../preload/contract.js';

export type { LoginOutcomeView, TokenProtectionView };

/**
 * Runs one login method of one provider from main/desktop-providers.ts, e.g. login('anthropic', 'oauth').
 * Resolves when the login is over, however it ended; rejects only on a programming error. A "failed" outcome's
 * message is shown to the person by the shell (a dialog when the tray started it), so it must be a sentence
 * with the fix; "cancelled" (the window was closed) is shown nowhere.
 */
export type LoginHook = (providerId: string, methodId: string) => Promise<LoginOutcomeView>;

export interface DesktopHooks {
  login: LoginHook;
  /** How account tokens are kept at rest, for the dashboard ("encrypted with the Keychain", …). */
  tokenProtection(): TokenProtectionView;
}

/** What the shell offers the login code, so it needs no other way into the app's state. */
export interface ShellServices {
  /** The proxy's settings as the next start uses them (auth-dir, the providers' OAuth settings…). */
  loadConfig(): Promise<Config>;
  /** The dashboard window while it is open, e.g. as the parent of a login window. */
  dashboardWindow(): BrowserWindow | null;
  showDashboard(): void;
}

/** main/index.ts builds the hooks once the shell's services exist. */
export type CreateDesktopHooks = (services: ShellServices) => DesktopHooks;
