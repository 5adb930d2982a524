/**
 * Every login method the desktop shell can run, keyed by "<provider id>/<method id>" as main/desktop-providers.ts
 * names them, built from the proxy's provider modules: a loopback method runs in a window (the module's window
 * runner), an importer in one press. A provider added to the proxy's registry needs nothing here.
 */
import { createLogger, findProviderModule, providerCatalog, type Importer, type ProviderModule, type WindowLoginRunner } from '../../proxy/index.js';
import type { ImportLoginHandler, LoginHandler, WaitingLoginHandler, WindowLoginHandler } from './login-handler.js';

export type LoginMethodRegistry = Readonly<Record<string, LoginHandler>>;

const log = createLogger('main/login');

export function loginMethodKey(providerId: string, methodId: string): string {
  return `${providerId}/${methodId}`;
}

function windowLogin(runner: WindowLoginRunner): WindowLoginHandler {
  return {
    kind: 'oauth-window',
    start: (config, target) => runner.start(config, target),
    inBrowser: (config, options, target) => runner.inBrowser(config, { ...options, print: (text) => log.info(text) }, target),
  };
}

function importLogin(importer: Importer): ImportLoginHandler {
  return { kind: 'import', run: (config) => importer.run(config, {}) };
}

/** A device-code or poll login of the module, or null when it has no runner for the kind. */
export function waitingLogin(module: Pick<ProviderModule, 'logins'>, kind: 'device-code' | 'poll'): WaitingLoginHandler | null {
  const { deviceCode, poll } = module.logins;
  if (kind === 'device-code' && deviceCode) return { kind: 'waiting', start: async (config, target) => ({ method: 'device-code', login: await deviceCode.start(config, { renews: target.renews }) }) };
  if (kind === 'poll' && poll) return { kind: 'waiting', start: async (config, target) => ({ method: 'poll', login: await poll.start(config, { renews: target.renews }) }) };
  return null;
}

/** The handlers of every catalog provider's desktop logins (the ids match desktopProvidersOf's). */
export function loginMethodsOf(providerIds: readonly string[], find: (id: string) => ProviderModule | null = findProviderModule): LoginMethodRegistry {
  const entries: [string, LoginHandler][] = [];
  for (const id of providerIds) {
    const module = find(id);
    if (!module) continue;
    const window = module.logins.window;
    for (const method of module.loginMethods) {
      if (method.kind === 'loopback' && window) entries.push([loginMethodKey(id, method.id), windowLogin(window)]);
      const waiting = method.kind === 'device-code' || method.kind === 'poll' ? waitingLogin(module, method.kind) : null;
      if (waiting) entries.push([loginMethodKey(id, method.id), waiting]);
    }
    for (const importer of module.importers) entries.push([loginMethodKey(id, `import-${importer.id}`), importLogin(importer)]);
  }
  return Object.fromEntries(entries);
}

export const loginMethods: LoginMethodRegistry = loginMethodsOf(providerCatalog().map((provider) => provider.id));
