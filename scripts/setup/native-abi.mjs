import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runNpm } from './npm.mjs';

/**
 * `npm start` rebuilds better-sqlite3 for Electron's ABI; the tests and the headless server run under Node. When
 * the native module was last built for Electron, rebuild it for Node (`npm start` switches it back).
 * @param {string} root
 */
export function ensureNodeAbi(root) {
  const require = createRequire(join(root, 'package.json'));
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
  } catch (error) {
    if (!/NODE_MODULE_VERSION|did not self-register|invalid ELF header/.test(String(error))) throw error;
    process.stderr.write('better-sqlite3 was built for Electron; rebuilding it for Node (about a minute)…\n');
    runNpm(root, ['rebuild', 'better-sqlite3']);
  }
}
