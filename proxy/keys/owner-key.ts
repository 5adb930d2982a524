import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** The owner's key lives in this file in data-dir (mode 0600), so `switchboard key show` can print it again. */
export const OWNER_KEY_FILE = 'owner-key';

export function ownerKeyPath(dataDir: string): string {
  return join(dataDir, OWNER_KEY_FILE);
}

/** A new API key: "sk-sb-" and 256 random bits. */
export function generateApiKey(): string {
  return `sk-sb-${randomBytes(32).toString('base64url')}`;
}

export async function readOwnerKey(dataDir: string): Promise<string | null> {
  try {
    const key = (await readFile(ownerKeyPath(dataDir), 'utf8')).trim();
    return key.length > 0 ? key : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Returns the owner key, generating it on first run (created: true means it has never been shown). */
export async function ensureOwnerKey(dataDir: string): Promise<{ key: string; created: boolean }> {
  const existing = await readOwnerKey(dataDir);
  if (existing) return { key: existing, created: false };
  return { key: await rotateOwnerKey(dataDir), created: true };
}

/** Replaces the owner key; the old one stops working at once, also in a server that is running. */
export async function rotateOwnerKey(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = generateApiKey();
  await writeFileAtomic(ownerKeyPath(dataDir), `${key}\n`, { mode: 0o600 });
  return key;
}
