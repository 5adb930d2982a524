/**
 * The app:// protocol that serves the built dashboard (dist/renderer) while the proxy is stopped. A standard,
 * secure scheme gives the page a real origin (app://dashboard) — its CSP 'self', fetch and module scripts work
 * as on the web — without the extra powers file:// pages get (the grantFileProtocolExtraPrivileges fuse is off).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { protocol } from 'electron';
import { createLogger } from '../proxy/index.js';
import { APP_SCHEME, resolveAppAsset } from './app-asset.js';
import { DASHBOARD_CSP } from './content-security.js';

const log = createLogger('main/app-protocol');

/** dist/main/app-protocol.js → dist/renderer/ (vite build). */
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Must run once the app is ready; serves files of the dashboard build only, read-only. */
export function handleAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(RENDERER_DIR, request.url);
    if (!asset || request.method !== 'GET') return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(asset.path);
      return new Response(body, {
        headers: {
          'content-type': asset.contentType,
          'content-security-policy': DASHBOARD_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch (error) {
      log.warn(`app:// could not read ${asset.path}: ${String(error)}`);
      return new Response('Not found', { status: 404 });
    }
  });
}
