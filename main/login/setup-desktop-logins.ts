/**
 * The desktop logins with their Electron parts plugged in. main/index.ts calls this once, after app "ready", and
 * hands the function it returns to main/login-runner.ts, which the tray menu and the bridge call.
 */
import { shell } from 'electron';
import type { Config } from '../../proxy/index.js';
import { isBrowserLoginUrl } from './login-navigation.js';
import { openLoginWindow } from './login-window.js';
import { createDesktopLoginRunner, type RunDesktopLogin } from './run-desktop-login.js';

export function setupDesktopLogins(options: { loadConfig(): Promise<Config> }): RunDesktopLogin {
  return createDesktopLoginRunner({ loadConfig: () => options.loadConfig(), openSurface: openLoginWindow, openExternal: openInSystemBrowser });
}

/** Only https (or http on this computer, for a local test server): other schemes can launch programs. */
async function openInSystemBrowser(url: string): Promise<void> {
  if (!isBrowserLoginUrl(url)) throw new Error(`Switchboard opens only https addresses in the browser, not ${url}`);
  await shell.openExternal(url);
}
