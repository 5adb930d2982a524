/**
 * The in-app logins and token encryption as the shell's DesktopHooks (main/desktop-hooks.ts). main/index.ts passes
 * this to bootstrap(), which calls it after app "ready" and before the proxy starts: the OS keychain sealer is
 * installed here, so the proxy never reads or writes a token before it is decided how tokens are kept.
 */
import type { CreateDesktopHooks } from '../desktop-hooks.js';
import { setupTokenProtection } from '../secrets/setup-token-protection.js';
import { setupDesktopLogins } from './setup-desktop-logins.js';

export const createDesktopHooks: CreateDesktopHooks = (services) => {
  const protection = setupTokenProtection();
  const login = setupDesktopLogins({ loadConfig: () => services.loadConfig() });
  return { login, tokenProtection: () => protection };
};
