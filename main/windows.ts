/**
 * The dashboard window and the rules every web page in the app lives under. The window shows the dashboard the
 * running proxy serves at `/` (same origin as the API it calls), the Vite dev server when
 * SWITCHBOARD_RENDERER_URL is set, or the built page (app://dashboard, main/app-protocol.ts) while the proxy is
 * not running. Closing it only closes it: the app lives on in the tray.
 */
import { createLogger } from '../proxy/index.js';
import { BrowserWindow, app, nativeTheme, session, shell, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import type { SwitchboardStatusView } from '../preload/contract.js';
import { APP_PAGE_URL } from './app-asset.js';
import type { SenderPolicy } from './ipc.js';
import { chooseDashboardUrl, isAllowedExternalUrl, isAppUrl, runningProxyUrl } from './navigation.js';
import { HARDENED_WEB_PREFERENCES } from './hardened-web-preferences.js';

const log = createLogger('main/windows');

/** dist/main/windows.js → dist/preload/index.cjs (esbuild, CommonJS: sandboxed preloads cannot be ESM). */
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

export interface DashboardWindows extends SenderPolicy {
  /** Shows the dashboard, creating the window if it was closed. */
  show(): void;
  /** The window while it is open (e.g. as the parent of a login window). */
  current(): BrowserWindow | null;
  /** Moves the window to the proxy's page when the proxy comes up (or comes up on another port). */
  proxyStatusChanged(status: SwitchboardStatusView): void;
}

export function createDashboardWindows(options: { devUrl: string | null; proxyStatus: () => SwitchboardStatusView }): DashboardWindows {
  let window: BrowserWindow | null = null;
  /** The page we told the window to load; IPC and navigation are allowed for it only. */
  let appUrl: string | null = null;
  let loadFailed = false;

  const targetUrl = (status: SwitchboardStatusView): string =>
    // While the proxy is stopped: the built dashboard (dist/renderer), served by the app:// protocol.
    chooseDashboardUrl({ devUrl: options.devUrl, proxyUrl: runningProxyUrl(status), offlinePageUrl: APP_PAGE_URL });

  const belongsToApp = (url: string): boolean => appUrl !== null && isAppUrl(url, appUrl);

  const load = (target: BrowserWindow, url: string): void => {
    appUrl = url;
    loadFailed = false;
    // Failures are reported through did-fail-load; the rejected promise carries nothing more.
    target.loadURL(url).catch(() => undefined);
  };

  const create = (): BrowserWindow => {
    const created = new BrowserWindow({
      width: 960,
      height: 720,
      minWidth: 420,
      minHeight: 360,
      title: 'Switchboard',
      show: false,
      autoHideMenuBar: true,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#ffffff',
      webPreferences: { ...HARDENED_WEB_PREFERENCES, preload: PRELOAD_PATH },
    });
    lockNavigation(created.webContents, belongsToApp);
    created.webContents.on('did-fail-load', (_event, errorCode, errorDescription, validatedUrl, isMainFrame) => {
      // -3 (ERR_ABORTED) is a navigation we cancelled ourselves, not a failure.
      if (!isMainFrame || errorCode === -3) return;
      loadFailed = true;
      log.warn(`could not load ${validatedUrl}: ${errorDescription} (${errorCode})`);
    });
    created.once('ready-to-show', () => created.show());
    // Closing the window only closes the window: the proxy keeps running and the tray reopens it. On macOS the
    // Dock icon goes with it, as for other menu-bar apps, and comes back with the window.
    created.on('closed', () => {
      if (window === created) {
        window = null;
        appUrl = null;
        app.dock?.hide();
      }
    });
    load(created, targetUrl(options.proxyStatus()));
    return created;
  };

  return {
    windows: () => (window && !window.isDestroyed() ? [window] : []),
    current: () => (window && !window.isDestroyed() ? window : null),
    isAppUrl: belongsToApp,
    show() {
      void app.dock?.show();
      if (!window || window.isDestroyed()) {
        window = create();
        return;
      }
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    proxyStatusChanged(status) {
      if (!window || window.isDestroyed() || status.state !== 'running') return;
      const target = targetUrl(status);
      if (loadFailed || !belongsToApp(target)) load(window, target);
    },
  };
}

/** The dashboard may navigate within its own page only; links meant for the browser go through window.open. */
function lockNavigation(contents: WebContents, belongsToApp: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!belongsToApp(event.url)) {
      event.preventDefault();
      log.warn(`blocked navigation to ${event.url}`);
    }
  });
  contents.on('will-redirect', (event) => {
    if (event.isMainFrame && !belongsToApp(event.url)) event.preventDefault();
  });
}

/**
 * Rules for every web contents the app creates, set up once before the first window: no new Electron windows
 * (https links open in the system browser instead), no <webview>, and of all permissions only clipboard
 * writing, for our own page (the "Copy" buttons).
 */
export function setupWebContentsSecurity(policy: SenderPolicy): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) {
        shell.openExternal(url).catch((error: unknown) => log.warn(`could not open ${url}: ${String(error)}`));
      }
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const isOurPage = (contents: WebContents | null): boolean =>
    contents !== null && policy.windows().some((window) => window.webContents === contents) && policy.isAppUrl(contents.getURL());
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write' && isOurPage(contents));
  });
  session.defaultSession.setPermissionCheckHandler((contents, permission) => permission === 'clipboard-sanitized-write' && isOurPage(contents));
}
