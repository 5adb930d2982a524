import type { WebPreferences } from 'electron';

/**
 * The settings every window of the app starts from (the dashboard, the login windows): isolated, sandboxed, no
 * Node anywhere, no <webview>, no drag-and-drop navigation. A window adds only its own preload and session.
 */
export const HARDENED_WEB_PREFERENCES: Readonly<WebPreferences> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
};
