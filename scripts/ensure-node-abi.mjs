// `npm start` rebuilds better-sqlite3 for Electron's ABI; the tests run under Node. When the native module was
// last built for Electron, rebuild it for Node before the tests (and `npm start` switches it back).
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (error) {
  if (!/NODE_MODULE_VERSION|did not self-register|invalid ELF header/.test(String(error))) throw error;
  process.stderr.write('better-sqlite3 was built for Electron; rebuilding it for Node (about a minute)…\n');
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' });
}
