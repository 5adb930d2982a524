/** The copy of a client's config taken before Switchboard first changes it: generic, byte for byte, never overwritten. */
import { open, readFile } from 'node:fs/promises';

/** `config.toml` → `config.toml.switchboard-backup-2025-01-31T09-15-00.000Z` (no `:`, which Windows forbids). */
export function backupPathFor(path: string, now: number): string {
  return `${path}.switchboard-backup-${new Date(now).toISOString().replaceAll(':', '-')}`;
}

/**
 * Saves `bytes` next to `path` (mode 0600: a config can hold secrets) and returns where. An existing backup with
 * the same name is never replaced: when it holds other bytes a numbered name is used instead.
 */
export async function writeBackup(path: string, bytes: Buffer, now: number): Promise<string> {
  const base = backupPathFor(path, now);
  for (let attempt = 0; ; attempt += 1) {
    const candidate = attempt === 0 ? base : `${base}-${attempt}`;
    try {
      const handle = await open(candidate, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return candidate;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      if ((await readFile(candidate)).equals(bytes)) return candidate;
    }
  }
}
