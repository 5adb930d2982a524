/** The copy of a client's config taken before Switchboard first changes it: generic, byte for byte, never overwritten. */
import { open, readFile } from 'node:fs/promises';
import { isExists } from './file-io.js';

/** `settings.json` → `settings.json.switchboard-backup-2025-01-31T09-15-00.000Z` (no `:`, which Windows forbids). */
export function backupPathFor(path: string, now: number): string {
  return `${path}.switchboard-backup-${new Date(now).toISOString().replaceAll(':', '-')}`;
}

/**
 * Saves `bytes` next to `path` (mode 0600: a config can hold secrets) and returns where. An existing backup is never
 * replaced: when one with the same name holds other bytes, a numbered name is used instead.
 */
export async function writeBackup(path: string, bytes: Buffer, now: number): Promise<string> {
  const base = backupPathFor(path, now);
  for (let attempt = 0; ; attempt += 1) {
    const candidate = attempt === 0 ? base : `${base}-${attempt}`;
    try {
      // 'wx' fails when the name is taken, so two writers can never clobber each other's backup.
      const handle = await open(candidate, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return candidate;
    } catch (error) {
      if (!isExists(error)) throw error;
      if ((await readFile(candidate)).equals(bytes)) return candidate;
    }
  }
}
