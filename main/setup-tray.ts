/**
 * The tray: re-rendered whenever the proxy status, the accounts, Claude Code's setup or launch at login change;
 * what its items do is wired here to the shell's parts.
 */
import { app, dialog } from 'electron';
import { createLogger } from '../proxy/index.js';
import type { SetupResult } from './claude-code-setup.js';
import { desktopProviders } from './desktop-providers.js';
import { copyApiKey } from './setup-ipc.js';
import type { Shell } from './shell.js';
import { startProxy } from './start-proxy.js';
import { createTrayActionHandler } from './tray-actions.js';
import { createAppTray, type AppTray } from './tray.js';
import type { TrayView } from './tray-menu.js';

const log = createLogger('main/tray');

export function setupTray(shell: Shell): AppTray {
  const { proxy, windows, accounts, claudeCode, launchAtLogin, notifier } = shell;
  const view = (): TrayView => ({
    status: proxy.status(),
    accounts: accounts.current(),
    claudeCode: claudeCode.state(),
    launchAtLogin: launchAtLogin.state(),
    providers: desktopProviders,
    now: Date.now(),
  });
  const tellResult = (result: SetupResult): void => {
    if (result.ok) notifier.show({ title: 'Claude Code', body: result.message });
    else dialog.showErrorBox('Claude Code', result.message);
  };

  const tray = createAppTray(
    createTrayActionHandler({
      start: () => startProxy(shell),
      stop: () => proxy.stop(),
      login: async (providerId, methodId) => {
        const outcome = await shell.runLogin(providerId, methodId);
        if (outcome.status === 'failed') dialog.showErrorBox('Login failed', outcome.message);
        if (outcome.status === 'done') notifier.show({ title: 'Logged in', body: outcome.message ?? `${outcome.account ?? 'The account'} is ready to use.` });
      },
      configureClaudeCode: async () => tellResult(await claudeCode.configure()),
      restoreClaudeCode: async () => tellResult(await claudeCode.restore()),
      openDashboard: () => windows.show(),
      copyApiKey: async () => {
        if (!(await copyApiKey(proxy))) {
          dialog.showErrorBox('No API key yet', 'Switchboard creates its API key when it first starts. Choose Start proxy in the tray menu, then try again.');
        }
      },
      setLaunchAtLogin: (enabled) => launchAtLogin.set(enabled),
      quit: () => app.quit(),
      onError: (action, error) => {
        log.error(`tray action ${action.type} failed: ${String(error)}`);
        dialog.showErrorBox('Switchboard', `That did not work: ${error instanceof Error ? error.message : String(error)}`);
      },
    }),
    view(),
  );

  const render = (): void => tray.render(view());
  proxy.onStatus(render);
  accounts.onChange(render);
  claudeCode.onChange(render);
  launchAtLogin.onChange(render);
  return tray;
}
