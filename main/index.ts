/**
 * The Electron main process: one composition root. bootstrap() creates the shell's parts in order — single
 * instance, security rules, token protection, settings, proxy, accounts, Claude Code setup, login — then runs
 * the setup steps (IPC, tray, notifications, app events), starts the proxy and shows the dashboard last (not when
 * the app was launched at login: then it stays in the tray, unless this is the very first run).
 */
import { app, dialog } from 'electron';
import { ClientConfigError, clientBaseUrl, createLogger, createSwitchboard, ensureOwnerKey, readOwnerKey, withClientSetup, type Config } from '../proxy/index.js';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { createAccountMonitor } from './account-monitor.js';
import { createAccountNotifications } from './account-notifications.js';
import { handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { createClaudeCodeSetup } from './claude-code-setup.js';
import { desktopProviders } from './desktop-providers.js';
import { broadcaster } from './ipc.js';
import { createLaunchAtLogin } from './launch-at-login.js';
import { controlLaunchAtLogin } from './launch-at-login-control.js';
import { createLoginRunner } from './login-runner.js';
import { setupDesktopLogins } from './login/setup-desktop-logins.js';
import { parseDevRendererUrl, runningProxyUrl } from './navigation.js';
import { createNotifier } from './notifier.js';
import { createProxyController } from './proxy-controller.js';
import { setupTokenProtection } from './secrets/setup-token-protection.js';
import { configFileSettings } from './settings.js';
import { openSettingsStore } from './settings-store.js';
import { setupIpc } from './setup-ipc.js';
import { setupTray } from './setup-tray.js';
import { desktopInfoOf, type Shell } from './shell.js';
import { startProxy } from './start-proxy.js';
import type { AppTray } from './tray.js';
import { createDashboardWindows, setupWebContentsSecurity } from './windows.js';

const log = createLogger('main');

/**
 * Last-resort bound on quitting. The proxy's own graceful stop is bounded by `timeouts.shutdown` (10 s by
 * default); this only keeps a stuck stop from leaving the app unable to quit.
 */
const QUIT_STOP_LIMIT_MS = 30_000;

export async function bootstrap(): Promise<void> {
  if (!setupSingleInstance()) return;
  // Every renderer sandboxed, whoever creates it (login windows included); must come before "ready".
  app.enableSandbox();
  registerAppScheme();
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('dev.switchboard.app');
  handleAppProtocol();

  const shell = createShell();
  setupWebContentsSecurity(shell.windows);
  setupIpc(shell);
  const tray = setupTray(shell);
  setupStatusFlow(shell);
  setupNotifications(shell);
  setupAppEvents(shell, tray);

  void shell.launchAtLogin.refresh();
  if (shell.settings.read().proxy.startOnLaunch) await startProxy(shell);
  else void shell.claudeCode.refresh();
  if (!shell.launchAtLogin.launchedAtLogin || !shell.settings.read().welcomed) {
    shell.windows.show();
    shell.settings.update((current) => ({ ...current, welcomed: true }));
  }
}

function createShell(): Shell {
  // After "ready" (safeStorage needs it) and before anything reads an account token: the proxy has not started.
  const tokenProtection = setupTokenProtection();
  const settings = openSettingsStore();
  const devRenderer = parseDevRendererUrl(process.env.SWITCHBOARD_RENDERER_URL);
  if (devRenderer.problem) log.warn(devRenderer.problem);

  const proxySettings = configFileSettings(process.env.SWITCHBOARD_CONFIG, () => settings.read().proxy.portMove);
  const proxy = createProxyController(proxySettings, { createSwitchboard: (config) => createSwitchboard(config), ensureOwnerKey, readOwnerKey });
  const currentConfig = async (): Promise<Config> => proxy.config() ?? (await proxySettings.load());
  const windows = createDashboardWindows({ devUrl: devRenderer.url, proxyStatus: () => proxy.status() });
  const broadcast = broadcaster(windows);
  const accounts = createAccountMonitor({ fetch, apiKey: () => proxy.apiKey(), onError: (message) => log.warn(`reading the accounts failed: ${message}`) });
  const claudeCode = createClaudeCodeSetup({
    withClientSetup: async (use) => {
      const config = await currentConfig();
      return withClientSetup(config, clientAddress(config, proxy.status()), use);
    },
    isConfigFileError: (error) => error instanceof ClientConfigError,
  });
  const runLogin = createLoginRunner({
    login: setupDesktopLogins({ loadConfig: currentConfig }),
    refreshAccounts: () => accounts.refresh(),
    announce: (event) => broadcast('loginFinished', event),
  });
  return {
    settings,
    proxy,
    windows,
    accounts,
    claudeCode,
    launchAtLogin: controlLaunchAtLogin(createLaunchAtLogin()),
    notifier: createNotifier(),
    tokenProtection,
    runLogin,
    broadcast,
  };
}

/** A second launch (e.g. from the Start menu) focuses the running app instead of starting another proxy. */
function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  return true;
}

/** The address clients use: the running server's, or the one the settings give while it is not running. */
function clientAddress(config: Config, status: SwitchboardStatusView): string {
  return runningProxyUrl(status) ?? clientBaseUrl(config);
}

/** What follows a change of the proxy's status or of launch at login, besides the tray. */
function setupStatusFlow(shell: Shell): void {
  shell.proxy.onStatus((status) => {
    shell.accounts.setProxyUrl(runningProxyUrl(status));
    shell.windows.proxyStatusChanged(status);
    shell.broadcast('statusChanged', status);
    // The address Claude Code should point at may have changed with this start.
    if (status.state === 'running') void shell.claudeCode.refresh();
  });
  shell.launchAtLogin.onChange(() => shell.broadcast('desktopInfoChanged', desktopInfoOf(shell)));
}

function setupNotifications(shell: Shell): void {
  const { settings, accounts, notifier, windows } = shell;
  accounts.onChange(
    createAccountNotifications({
      providers: desktopProviders,
      now: Date.now,
      enabled: () => settings.read().notifications.enabled,
      sent: () => settings.read().notifications.sent,
      saveSent: (sent) => settings.update((current) => ({ ...current, notifications: { ...current.notifications, sent } })),
      show: (notice, onClick) => notifier.show(notice, onClick),
      perform: (action) => {
        if (action.type === 'open-dashboard') windows.show();
        else void shell.runLogin(action.providerId, action.methodId);
      },
    }),
  );
}

function setupAppEvents(shell: Shell, tray: AppTray): void {
  const { proxy, windows, accounts } = shell;
  app.on('second-instance', () => windows.show());
  // macOS: clicking the Dock icon with no window open brings the dashboard back.
  app.on('activate', () => windows.show());
  // Without a listener Electron quits when the last window closes; the app lives on in the tray instead
  // (on every platform, including macOS where that is the convention anyway).
  app.on('window-all-closed', () => undefined);

  // Quit waits for the proxy to stop gracefully (requests in flight finish), then quits for real.
  let stopping = false;
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    accounts.dispose();
    void withTimeout(proxy.stop(), QUIT_STOP_LIMIT_MS)
      .catch((error: unknown) => log.error(`stopping the proxy failed: ${String(error)}`))
      .finally(() => {
        stopped = true;
        tray.destroy();
        app.quit();
      });
  });
  // Ctrl+C in a terminal (development) or a service manager: quit through the same graceful path.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      log.error(`the proxy did not stop within ${ms / 1000} s; quitting anyway`);
      resolve(undefined);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

bootstrap().catch((error: unknown) => {
  dialog.showErrorBox('Switchboard could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
  app.exit(1);
});
