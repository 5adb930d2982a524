/**
 * The tray: re-rendered whenever the proxy status, the accounts, Claude Code's setup or launch at login change,
 * and what each of its items does, as one exhaustive switch over TrayAction. A failure of any of it is reported,
 * never left as an unhandled rejection in the main process.
 */
import { app, dialog } from 'electron';
import { createLogger } from '../proxy/index.js';
import { assertNever } from './assert-never.js';
import type { SetupResult } from './claude-code-setup.js';
import { desktopProviders } from './desktop-providers.js';
import { copyApiKey } from './setup-ipc.js';
import type { Shell } from './shell.js';
import { startProxy } from './start-proxy.js';
import { createAppTray, type AppTray } from './tray.js';
import type { TrayAction, TrayView } from './tray-menu.js';

const log = createLogger('main/tray');

export function setupTray(shell: Shell): AppTray {
  const { proxy, accounts, claudeCode, launchAtLogin } = shell;
  const view = (): TrayView => ({
    status: proxy.status(),
    accounts: accounts.current(),
    claudeCode: claudeCode.state(),
    launchAtLogin: launchAtLogin.state(),
    providers: desktopProviders,
    now: Date.now(),
  });
  // perform() is async, so a throw and a rejection alike end up here.
  const onAction = (action: TrayAction): void => {
    perform(shell, action).catch((error: unknown) => {
      log.error(`tray action ${action.type} failed: ${String(error)}`);
      dialog.showErrorBox('Switchboard', `That did not work: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  const tray = createAppTray(onAction, view());

  const render = (): void => tray.render(view());
  proxy.onStatus(render);
  accounts.onChange(render);
  claudeCode.onChange(render);
  launchAtLogin.onChange(render);
  return tray;
}

async function perform(shell: Shell, action: TrayAction): Promise<void> {
  const { proxy, windows, claudeCode, launchAtLogin, notifier } = shell;
  const tellResult = (result: SetupResult): void => {
    if (result.ok) notifier.show({ title: 'Claude Code', body: result.message });
    else dialog.showErrorBox('Claude Code', result.message);
  };
  switch (action.type) {
    case 'start':
      await startProxy(shell);
      return;
    case 'stop':
      await proxy.stop();
      return;
    case 'login': {
      const outcome = await shell.runLogin(action.providerId, action.methodId);
      if (outcome.status === 'failed') dialog.showErrorBox('Login failed', outcome.message);
      if (outcome.status === 'done') notifier.show({ title: 'Logged in', body: outcome.message ?? `${outcome.account ?? 'The account'} is ready to use.` });
      return;
    }
    case 'configure-claude-code':
      return tellResult(await claudeCode.configure());
    case 'restore-claude-code':
      return tellResult(await claudeCode.restore());
    case 'open-dashboard':
      return windows.show();
    case 'copy-api-key':
      if (!(await copyApiKey(proxy))) {
        dialog.showErrorBox('No API key yet', 'Switchboard creates its API key when it first starts. Choose Start proxy in the tray menu, then try again.');
      }
      return;
    case 'set-launch-at-login':
      await launchAtLogin.set(action.enabled);
      return;
    case 'quit':
      return app.quit();
    default:
      return assertNever(action, 'tray action');
  }
}
