/**
 * The answers to the bridge's calls (preload/contract.ts), built from the shell's parts. main/ipc.ts has already
 * checked the sender and the argument types; here the values are checked against what the app offers (a login
 * method must be one of main/desktop-providers.ts).
 */
import type { DesktopInfo, DesktopLoginOptions, DesktopProviderView, LoginOutcomeView, SwitchboardStatusView, TokenProtectionView } from '../preload/contract.js';
import { findLoginMethod, type DesktopProvider } from './desktop-providers.js';
import type { CallHandlers } from './ipc.js';

export interface DesktopCallDeps {
  proxy: { status(): SwitchboardStatusView; start(): Promise<SwitchboardStatusView>; stop(): Promise<SwitchboardStatusView> };
  copyApiKey(): Promise<boolean>;
  openExternal(url: string): Promise<boolean>;
  desktopInfo(): Promise<DesktopInfo>;
  /** Runs a login method already known to exist (see findLoginMethod); `options.accountId` renews that account. */
  login(providerId: string, methodId: string, options?: DesktopLoginOptions): Promise<LoginOutcomeView>;
  setLaunchAtLogin(enabled: boolean): Promise<void>;
  providers: readonly DesktopProvider[];
}

export function createDesktopCallHandlers(deps: DesktopCallDeps): CallHandlers {
  return {
    getStatus: () => deps.proxy.status(),
    startProxy: () => deps.proxy.start(),
    stopProxy: () => deps.proxy.stop(),
    copyApiKey: () => deps.copyApiKey(),
    openExternal: (url) => deps.openExternal(url),
    getDesktopInfo: () => deps.desktopInfo(),
    login: async (providerId, methodId, options) => {
      const listed = findLoginMethod(deps.providers, providerId, methodId);
      if (!listed) throw new Error(`refused: the app has no login "${methodId}" for "${providerId}"`);
      if (options?.accountId !== undefined && listed.method.kind !== 'oauth-window') {
        throw new Error(`refused: the login "${methodId}" cannot renew an account`);
      }
      return options === undefined ? deps.login(providerId, methodId) : deps.login(providerId, methodId, options);
    },
    setLaunchAtLogin: async (enabled) => {
      await deps.setLaunchAtLogin(enabled);
      return deps.desktopInfo();
    },
  };
}

/** DesktopInfo from its parts, as plain data that survives structured cloning. */
export function toDesktopInfo(input: {
  appVersion: string;
  platform: string;
  launchAtLogin: { supported: boolean; enabled: boolean };
  tokens: TokenProtectionView;
  providers: readonly DesktopProvider[];
}): DesktopInfo {
  const providers: DesktopProviderView[] = input.providers.map((provider) => ({
    id: provider.id,
    name: provider.name,
    logins: provider.logins.map((method) => ({ id: method.id, label: method.label, kind: method.kind })),
  }));
  return {
    appVersion: input.appVersion,
    platform: input.platform,
    launchAtLogin: { supported: input.launchAtLogin.supported, enabled: input.launchAtLogin.enabled },
    tokens: { encrypted: input.tokens.encrypted, description: input.tokens.description },
    providers,
  };
}
