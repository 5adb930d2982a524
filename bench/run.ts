/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (a fresh heap and JIT for each), one after the
 * other, and fails when any of them fails. Benchmarks are never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts') && (only === undefined || name.includes(only)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], {
    stdio: 'inherit',
    // The proxy's info logs (e.g. "schema migrated") would only clutter the tables.
    env: { SWITCHBOARD_LOG_LEVEL: 'warn', ...process.env },
  });
  if (result.status !== 0) {
    failed++;
    console.error(`${file} failed (${result.status ?? result.signal})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
