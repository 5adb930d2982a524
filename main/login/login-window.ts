/**
 * The Electron login window (LoginSurface): a strip of our own at the top (where the login stands, and "Open in
 * your browser instead") over the provider's page. Each window gets a fresh in-memory session partition, so
 * several accounts can be added one after another without the previous login's cookies signing the next one in,
 * and nothing of a login stays on disk.
 *
 * Every request of that session passes through webRequest.onBeforeRequest (and navigations also through
 * will-frame-navigate / will-redirect, which see non-http schemes): the flow cancels the redirect to the callback
 * before it leaves the process, so nothing needs to listen on the callback's port.
 *
 * The window has no preload, so the toolbar cannot call main: its link goes to FALLBACK_LINK, which main cancels
 * in will-navigate and takes as the person's choice. A native dialog was the alternative, but it would have to pop
 * up unasked; a per-window menu does not exist on macOS.
 */
import { randomUUID } from 'node:crypto';
import { BaseWindow, WebContentsView, nativeTheme, session, type Session, type WebContents } from 'electron';
import { createLogger } from '../../proxy/index.js';
import { HARDENED_WEB_PREFERENCES } from '../hardened-web-preferences.js';
import type { RequestFrame } from './login-navigation.js';
import { FALLBACK_LINK, TOOLBAR_HEIGHT, dataUrl, statusPageHtml, toolbarHtml } from './login-view.js';
import type { LoginSurface, OpenLoginSurface } from './window-login.js';

const log = createLogger('main/login/window');


/** The toolbar only ever shows our data: pages; its own in-memory session keeps it apart from the login's. */
const TOOLBAR_PARTITION = 'switchboard-login-toolbar';

/** Title and visible text of the page, for refusal notices that only show in the text (read, never changed). */
const PAGE_TEXT_SCRIPT = '(document.title + "\\n" + (document.body ? document.body.innerText : "")).slice(0, 20000)';

/** Chromium's net error codes for a navigation we cancelled ourselves (ERR_ABORTED, ERR_BLOCKED_BY_CLIENT). */
const OWN_CANCELLATIONS = new Set([-3, -20]);

export const openLoginWindow: OpenLoginSurface = (options, events) => {
  // No "persist:" prefix: an in-memory session, unique to this login.
  const loginSession = session.fromPartition(`login-${randomUUID()}`);
  lockSession(loginSession);

  const window = new BaseWindow({
    width: 520,
    height: 760,
    minWidth: 400,
    minHeight: 480,
    title: options.title,
    autoHideMenuBar: true,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#ffffff',
  });
  if (process.platform !== 'darwin') window.removeMenu();

  // The app's hardened settings and no preload: no page in a login window can reach main or Node.
  const page = new WebContentsView({ webPreferences: { ...HARDENED_WEB_PREFERENCES, session: loginSession } });
  const toolbar = new WebContentsView({ webPreferences: { ...HARDENED_WEB_PREFERENCES, session: toolbarSession() } });
  window.contentView.addChildView(page);
  window.contentView.addChildView(toolbar);
  const layout = (): void => {
    const { width, height } = window.getContentBounds();
    toolbar.setBounds({ x: 0, y: 0, width, height: TOOLBAR_HEIGHT });
    page.setBounds({ x: 0, y: TOOLBAR_HEIGHT, width, height: Math.max(0, height - TOOLBAR_HEIGHT) });
  };
  layout();
  window.on('resize', layout);

  watchToolbar(toolbar.webContents, () => events.fallbackRequested());
  const contents = page.webContents;
  const report = (url: string, frame: RequestFrame): boolean => events.request(url, frame) === 'cancel';

  loginSession.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    callback({ cancel: report(details.url, frameOf(details.resourceType)) });
  });
  contents.on('will-frame-navigate', (details) => {
    if (report(details.url, details.isMainFrame ? 'main' : 'sub')) details.preventDefault();
  });
  contents.on('will-redirect', (details) => {
    if (report(details.url, details.isMainFrame ? 'main' : 'sub')) details.preventDefault();
  });
  // A sign-in popup opens in this window instead (same session, same rules); a second window would escape them.
  contents.setWindowOpenHandler(({ url }) => {
    if (!report(url, 'popup') && /^https?:/i.test(url)) load(contents, url);
    return { action: 'deny' };
  });
  contents.on('did-finish-load', () => readPageText(contents, events.pageLoaded));
  contents.on('did-navigate-in-page', (_event, _url, isMainFrame) => {
    if (isMainFrame) readPageText(contents, events.pageLoaded);
  });
  contents.on('did-fail-load', (_event, errorCode, errorDescription, validatedUrl, isMainFrame) => {
    if (!isMainFrame || OWN_CANCELLATIONS.has(errorCode)) return;
    log.warn({ errorCode, errorDescription }, 'a login page did not load');
    events.pageFailed(validatedUrl, errorDescription);
  });

  window.once('closed', () => {
    loginSession.webRequest.onBeforeRequest(null);
    // Views of a BaseWindow are not destroyed with it.
    for (const view of [page, toolbar]) if (!view.webContents.isDestroyed()) view.webContents.close();
    loginSession.clearStorageData().catch((error: unknown) => log.warn({ problem: String(error) }, 'could not clear a login session'));
    events.closed();
  });

  const surface: LoginSurface = {
    load(url) {
      if (!window.isDestroyed()) load(contents, url);
    },
    show(view) {
      if (window.isDestroyed()) return;
      load(toolbar.webContents, dataUrl(toolbarHtml(view)));
      const html = statusPageHtml(view);
      if (html !== null) load(contents, dataUrl(html));
    },
    close() {
      if (!window.isDestroyed()) window.close();
    },
  };
  return surface;
};

let lockedToolbarSession: Session | null = null;

function toolbarSession(): Session {
  if (!lockedToolbarSession) {
    lockedToolbarSession = session.fromPartition(TOOLBAR_PARTITION);
    lockSession(lockedToolbarSession);
  }
  return lockedToolbarSession;
}

/** The toolbar navigates nowhere; its one link is the person asking for the browser. */
function watchToolbar(contents: WebContents, onFallback: () => void): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (details) => {
    details.preventDefault();
    if (details.url === FALLBACK_LINK) onFallback();
  });
}

/** No permissions (camera, notifications, …) and no downloads for sign-in pages. */
function lockSession(loginSession: Session): void {
  loginSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  loginSession.setPermissionCheckHandler(() => false);
  loginSession.on('will-download', (event) => event.preventDefault());
}

/**
 * Loads on the next turn: the flow may ask for a new page from inside a request handler, and the request it is
 * cancelling should be settled first. Failures arrive through did-fail-load.
 */
function load(contents: WebContents, url: string): void {
  setImmediate(() => {
    if (!contents.isDestroyed()) contents.loadURL(url).catch(() => undefined);
  });
}

function readPageText(contents: WebContents, deliver: (url: string, text: string) => void): void {
  const url = contents.getURL();
  if (!/^https?:/i.test(url)) return; // our own pages
  contents
    .executeJavaScript(PAGE_TEXT_SCRIPT, false)
    .then((text: unknown) => {
      if (typeof text === 'string') deliver(url, text);
    })
    .catch((error: unknown) => log.debug({ problem: String(error) }, 'could not read a login page'));
}

function frameOf(resourceType: string): RequestFrame {
  if (resourceType === 'mainFrame') return 'main';
  if (resourceType === 'subFrame') return 'sub';
  return 'resource';
}
