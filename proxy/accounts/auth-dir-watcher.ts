import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createLogger } from '../log.js';

const log = createLogger('accounts/watcher');

/**
 * Calls `onChange` shortly after files in auth-dir change (a login, an import, an edit by hand), once per burst
 * of changes. Returns a function that stops watching.
 */
export async function watchAuthDir(dir: string, onChange: () => void, debounceMs = 250): Promise<() => void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { persistent: false }, (_event, file) => {
      if (file && !String(file).endsWith('.json')) return; // temp files of atomic writes, editor backups
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
  } catch (error) {
    log.warn({ dir, problem: String(error) }, 'cannot watch auth-dir; use POST /admin/reload after changing accounts');
    return () => {};
  }
  watcher.on('error', (error) => log.warn({ dir, problem: String(error) }, 'auth-dir watcher failed'));
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
