/**
 * What `npm run serve` and `npm run switchboard -- …` build before they run (see fresh-build.mjs for when):
 * the proxy, transpiled file by file to dist/proxy, and the dashboard, bundled by Vite into dist/renderer.
 *
 * The proxy is transpiled, not type-checked: exactly what tsx did on every start before, done once. Type errors
 * are `npm run typecheck`'s (and `npm test`'s) to report; `npm run build` (tsc) is the type-checked build that the
 * desktop app packages, into the same folder.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SetupError } from './setup-error.mjs';
import { listInputs } from './fresh-build.mjs';

/** This file: how the outputs are built is an input of both. */
const RECIPE = 'scripts/setup/build-targets.mjs';

/** @param {string} file */
const isTestOnly = (file) => /\.test\.tsx?$/.test(file) || file.includes('/__fixtures__/');

/** @type {import('./fresh-build.mjs').BuildTarget} */
export const PROXY_BUILD = {
  name: 'proxy',
  what: 'the server and CLI (proxy/ → dist/proxy)',
  inputs: ['proxy', 'tsconfig.base.json', 'tsconfig.node.json', 'node_modules/esbuild/package.json', RECIPE],
  ignore: isTestOnly,
  async build(root) {
    const { build, stop } = await import('esbuild');
    const entryPoints = listInputs(root, PROXY_BUILD)
      .filter((file) => file.startsWith('proxy/') && file.endsWith('.ts'))
      .map((file) => join(root, file));
    try {
      await build({
        entryPoints,
        outdir: join(root, 'dist', 'proxy'),
        outbase: join(root, 'proxy'),
        // The compiler options tsc uses (class fields, module syntax), so both builds behave the same.
        tsconfig: join(root, 'tsconfig.node.json'),
        format: 'esm',
        platform: 'node',
        target: 'node20',
        sourcemap: true,
        logLevel: 'warning',
      });
    } finally {
      // esbuild's service process would otherwise live as long as the command (the whole `serve`).
      await stop();
    }
  },
};

/** @type {import('./fresh-build.mjs').BuildTarget} */
export const DASHBOARD_BUILD = {
  name: 'renderer',
  what: 'the dashboard (renderer/ → dist/renderer)',
  // The lockfile stands for the bundled packages' versions; preload/contract.ts is the types the page shares.
  inputs: ['renderer', 'preload/contract.ts', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.web.json', RECIPE],
  ignore: isTestOnly,
  async build(root) {
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      stdio: ['ignore', 2, 2],
    });
    if (result.status !== 0) throw new SetupError(`building the dashboard failed (exit ${result.status ?? result.signal}); Vite's output is above`);
  },
};
