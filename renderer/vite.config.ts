/**
 * The dashboard build. Output: dist/renderer/ — the proxy serves it at `/` (proxy/paths.ts DASHBOARD_DIR) and
 * the desktop app shows it from disk while the proxy is stopped. `base: './'` keeps every asset URL relative,
 * so the same files work from http://127.0.0.1:<port>/ and from file://.
 *
 * Development: `vite --config renderer/vite.config.ts` serves on http://127.0.0.1:5173 and forwards the API to
 * a running proxy (SWITCHBOARD_PROXY_URL, default http://127.0.0.1:8317); start the app with
 * SWITCHBOARD_RENDERER_URL=http://127.0.0.1:5173 to show it in the desktop window.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const proxyTarget = process.env.SWITCHBOARD_PROXY_URL ?? 'http://127.0.0.1:8317';

export default defineConfig({
  // import.meta.dirname is set by Vite when it loads this file: the renderer/ folder, whatever the cwd.
  root: import.meta.dirname,
  base: './',
  plugins: [react(), devContentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/health': { target: proxyTarget, changeOrigin: true },
      '/v1': { target: proxyTarget, changeOrigin: true },
    },
  },
});

/**
 * The dev server needs what the built page must never have: React Fast Refresh's inline preamble script,
 * CSS injected as <style> elements, and the HMR websocket. This loosens the CSP for `vite dev` only.
 */
function devContentSecurityPolicy(): Plugin {
  const loosen: [RegExp, string][] = [
    [/script-src 'self'/, "script-src 'self' 'unsafe-inline'"],
    [/style-src 'self'/, "style-src 'self' 'unsafe-inline'"],
    [/connect-src 'self'/, "connect-src 'self' ws://127.0.0.1:5173 ws://localhost:5173"],
  ];
  return {
    name: 'switchboard:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return loosen.reduce((text, [pattern, replacement]) => {
        if (!pattern.test(text)) throw new Error(`renderer/index.html: the CSP no longer contains ${pattern.source}; update switchboard:dev-csp`);
        return text.replace(pattern, replacement);
      }, html);
    },
  };
}
