/**
 * Runs a login method named in main/desktop-providers.ts: finds its handler in login-methods.ts and carries it out
 * by its kind (an app window, or an import). The tray menu and the dashboard's bridge both call the function
 * this returns.
 */
import type { DesktopLoginOptions } from '../../preload/contract.js';
import type { Config } from '../../proxy/index.js';
import { assertNever } from '../assert-never.js';
import { desktopProviders, findLoginMethod, type DesktopProvider } from '../desktop-providers.js';
import type { DesktopLoginTarget, LoginHandler } from './login-handler.js';
import { loginMethodKey, loginMethods, type LoginMethodRegistry } from './login-methods.js';
import { SHARED_REFUSALS } from './login-navigation.js';
import { loggedIn, loginFailed, type DesktopLoginOutcome } from './login-outcome.js';
import { runWaitingDesktopLogin } from './waiting-login.js';
import { runWindowLogin, type OpenLoginSurface } from './window-login.js';

export interface DesktopLoginDeps {
  /** The settings as they are now (auth-dir, provider URLs); read for every login. */
  loadConfig(): Promise<Config>;
  openSurface: OpenLoginSurface;
  /** Opens the system browser; only ever given https addresses, or http ones on this machine. */
  openExternal(url: string): Promise<void>;
  providers?: readonly DesktopProvider[];
  methods?: LoginMethodRegistry;
}

/**
 * Resolves with how the login ended. Rejects only for a provider or method that is not listed (or listed without
 * a handler of its kind): a programming error, not something the person can fix.
 */
export type RunDesktopLogin = (providerId: string, methodId: string, options?: DesktopLoginOptions) => Promise<DesktopLoginOutcome>;

export function createDesktopLoginRunner(deps: DesktopLoginDeps): RunDesktopLogin {
  const providers = deps.providers ?? desktopProviders;
  const methods = deps.methods ?? loginMethods;

  return async (providerId, methodId, options = {}) => {
    const { provider, handler } = findHandler(providers, methods, providerId, methodId);
    let config: Config;
    try {
      config = await deps.loadConfig();
    } catch (error) {
      return loginFailed(error);
    }
    return run(handler, provider, config, deps, { renews: options.accountId ?? null });
  };
}

async function run(handler: LoginHandler, provider: DesktopProvider, config: Config, deps: DesktopLoginDeps, target: DesktopLoginTarget): Promise<DesktopLoginOutcome> {
  switch (handler.kind) {
    case 'oauth-window':
      return runWindowLogin({
        provider: { name: provider.name, refusals: [...SHARED_REFUSALS, ...(provider.embeddedRefusals ?? [])] },
        handler,
        config,
        openSurface: deps.openSurface,
        openExternal: deps.openExternal,
        target,
      });
    case 'waiting':
      return runWaitingDesktopLogin({ provider: { name: provider.name }, handler, config, openSurface: deps.openSurface, openExternal: deps.openExternal, target });
    case 'import':
      try {
        const imported = await handler.run(config);
        return loggedIn(imported.account, imported.message);
      } catch (error) {
        return loginFailed(error);
      }
    default:
      return assertNever(handler, 'login handler');
  }
}

function findHandler(
  providers: readonly DesktopProvider[],
  methods: LoginMethodRegistry,
  providerId: string,
  methodId: string,
): { provider: DesktopProvider; handler: LoginHandler } {
  const listed = findLoginMethod(providers, providerId, methodId);
  if (!listed) throw new Error(`the desktop app lists no login "${methodId}" for the provider "${providerId}"`);
  const { provider, method } = listed;
  const handler = methods[loginMethodKey(providerId, methodId)];
  if (!handler) throw new Error(`the login "${providerId}/${methodId}" is listed but has no handler in main/login/login-methods.ts`);
  if (handler.kind !== method.kind) {
    throw new Error(`the login "${providerId}/${methodId}" is listed as "${method.kind}" but its handler is "${handler.kind}"`);
  }
  return { provider, handler };
}
