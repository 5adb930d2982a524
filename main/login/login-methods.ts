/**
 * Every login method the desktop shell can run, keyed by "<provider id>/<method id>" as main/desktop-providers.ts
 * names them, built from the proxy's provider modules: a loopback method runs in a window (the module's window
 * runner), an importer in one press. A provider added to the proxy's registry needs nothing here.
 */
import { createLogger, findProviderModule, providerCatalog, type Importer, type WindowLoginRunner } from '../../proxy/index.js';
import type { ImportLoginHandler, LoginHandler, WindowLoginHandler } from './login-handler.js';

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

/** The handlers of every catalog provider's desktop logins (the ids match desktopProvidersOf's). */
export function loginMethodsOf(providerIds: readonly string[]): LoginMethodRegistry {
  const entries: [string, LoginHandler][] = [];
  for (const id of providerIds) {
    const module = findProviderModule(id);
    if (!module) continue;
    const window = module.logins.window;
    for (const method of module.loginMethods) if (method.kind === 'loopback' && window) entries.push([loginMethodKey(id, method.id), windowLogin(window)]);
    for (const importer of module.importers) entries.push([loginMethodKey(id, `import-${importer.id}`), importLogin(importer)]);
  }
  return Object.fromEntries(entries);
}

export const loginMethods: LoginMethodRegistry = loginMethodsOf(providerCatalog().map((provider) => provider.id));
