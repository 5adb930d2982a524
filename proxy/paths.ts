import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding Switchboard's package.json, found from this file in the source tree or in dist/. */
function findPackageRoot(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'switchboard') return { root: dir, version: json.version ?? '0.0.0' };
    }
    const parent = dirname(dir);
    if (parent === dir) return { root: process.cwd(), version: '0.0.0' };
    dir = parent;
  }
}

const found = findPackageRoot();

export const PACKAGE_ROOT = found.root;
export const VERSION = found.version;
/** Where `npm run build:renderer` puts the dashboard. */
export const DASHBOARD_DIR = join(PACKAGE_ROOT, 'dist', 'renderer');
