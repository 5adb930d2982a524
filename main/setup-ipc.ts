/** The bridge's calls answered from the shell's parts (main/desktop-calls.ts), registered through main/ipc.ts. */
import { clipboard, shell as electronShell } from 'electron';
import { createDesktopCallHandlers } from './desktop-calls.js';
import { desktopProviders } from './desktop-providers.js';
import { registerIpcHandlers } from './ipc.js';
import { isAllowedExternalUrl } from './navigation.js';
import type { ProxyController } from './proxy-controller.js';
import { desktopInfoOf, type Shell } from './shell.js';
import { startProxy } from './start-proxy.js';

export function setupIpc(shell: Shell): void {
  registerIpcHandlers(
    createDesktopCallHandlers({
      proxy: { status: () => shell.proxy.status(), start: () => startProxy(shell), stop: () => shell.proxy.stop() },
      copyApiKey: () => copyApiKey(shell.proxy),
      openExternal: async (url) => {
        if (!isAllowedExternalUrl(url)) return false;
        await electronShell.openExternal(url);
        return true;
      },
      desktopInfo: async () => desktopInfoOf(shell),
      login: (providerId, methodId, options) => shell.runLogin(providerId, methodId, options),
      setLaunchAtLogin: async (enabled) => {
        await shell.launchAtLogin.set(enabled);
      },
      providers: desktopProviders,
    }),
    shell.windows,
  );
}

/** Puts the owner key (as it is now: it may have been rotated) on the clipboard; false when there is none yet. */
export async function copyApiKey(proxy: ProxyController): Promise<boolean> {
  const key = await proxy.apiKey();
  if (!key) return false;
  clipboard.writeText(key);
  return true;
}
