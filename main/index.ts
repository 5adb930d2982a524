/**
 * The Electron main process: one composition root. bootstrap() runs the setup steps in order — single
 * instance, app events, security rules, proxy, IPC, tray — and shows the dashboard window last.
 */
import { app, clipboard, dialog, shell } from 'electron';
import { createLogger, createSwitchboard, ensureOwnerKey } from '../proxy/index.js';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { registerIpcHandlers, type Ipc } from './ipc.js';
import { isAllowedExternalUrl, parseDevRendererUrl } from './navigation.js';
import { createProxyController, type ProxyController } from './proxy-controller.js';
import { configFileSettings } from './settings.js';
import { createAppTray, type AppTray } from './tray.js';
import { createDashboardWindows, setupWebContentsSecurity, type DashboardWindows } from './windows.js';

const log = createLogger('main');

/**
 * Last-resort bound on quitting. The proxy's own graceful stop is bounded by `timeouts.shutdown` (10 s by
 * default); this only keeps a stuck stop from leaving the app unable to quit.
 */
const QUIT_STOP_LIMIT_MS = 30_000;

export async function bootstrap(): Promise<void> {
  if (!setupSingleInstance()) return;
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('dev.switchboard.app');

  const devRenderer = parseDevRendererUrl(process.env.SWITCHBOARD_RENDERER_URL);
  if (devRenderer.problem) log.warn(`${devRenderer.problem}`);

  const proxy = createProxyController(configFileSettings(process.env.SWITCHBOARD_CONFIG), {
    createSwitchboard: (config) => createSwitchboard(config),
    ensureOwnerKey,
  });
  const windows = createDashboardWindows({ devUrl: devRenderer.url, proxyStatus: () => proxy.status() });
  setupWebContentsSecurity(windows);
  const ipc = setupIpc(proxy, windows);
  const tray = setupTray(proxy, windows);

  proxy.onStatus((status) => {
    tray.update(status);
    windows.proxyStatusChanged(status);
    ipc.broadcast('statusChanged', status);
  });
  setupAppEvents(proxy, windows, tray);

  showFailure(proxy, await proxy.start());
  windows.show();
}

/** A second launch (e.g. from the Start menu) focuses the running app instead of starting another proxy. */
function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  return true;
}

function setupIpc(proxy: ProxyController, windows: DashboardWindows): Ipc {
  return registerIpcHandlers(
    {
      getStatus: () => proxy.status(),
      startProxy: () => proxy.start(),
      stopProxy: () => proxy.stop(),
      copyApiKey: () => copyApiKey(proxy),
      openExternal: async (url) => {
        if (!isAllowedExternalUrl(url)) return false;
        await shell.openExternal(url);
        return true;
      },
    },
    windows,
  );
}

function setupTray(proxy: ProxyController, windows: DashboardWindows): AppTray {
  return createAppTray(
    {
      start: () => void proxy.start().then((status) => showFailure(proxy, status)),
      stop: () => void proxy.stop(),
      'open-dashboard': () => windows.show(),
      'copy-api-key': () => {
        if (!copyApiKey(proxy)) {
          dialog.showErrorBox('No API key yet', 'Switchboard creates its API key when it first starts. Choose Start in the tray menu, then try again.');
        }
      },
      quit: () => app.quit(),
    },
    proxy.status(),
  );
}

function setupAppEvents(proxy: ProxyController, windows: DashboardWindows, tray: AppTray): void {
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

function copyApiKey(proxy: ProxyController): boolean {
  const key = proxy.apiKey();
  if (!key) return false;
  clipboard.writeText(key);
  return true;
}

function showFailure(proxy: ProxyController, status: SwitchboardStatusView): void {
  const failure = proxy.describeFailure(status);
  if (failure) dialog.showErrorBox(failure.title, failure.message);
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
