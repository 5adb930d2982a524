/**
 * Which file an app:// URL names (main/app-protocol.ts serves the built dashboard that way while the proxy is
 * stopped, instead of from file://, so file:// pages need no extra privileges). Pure, so the path rules — one
 * host, nothing outside the folder — are unit-tested.
 */
import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'dashboard';
/** The offline dashboard page. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `rootDir` for an app:// URL and its content type; null for anything else. */
export function resolveAppAsset(rootDir: string, requestUrl: string): { path: string; contentType: string } | null {
  if (!URL.canParse(requestUrl)) return null;
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relativePath = normalize(pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, ''));
  const path = join(rootDir, relativePath);
  const inside = relative(rootDir, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  return contentType ? { path, contentType } : null;
}
