/**
 * Reading and writing a client's own config file without ever leaving it half-written. Shared by every client
 * configurator: nothing here knows JSON, TOML or a particular client.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export interface ExistingFile {
  bytes: Buffer;
  /** Permission bits (e.g. 0o644), so a rewrite keeps what the person chose. */
  mode: number;
}

/** The file's bytes and mode, or null when there is no such file. */
export async function readFileIfExists(path: string): Promise<ExistingFile | null> {
  try {
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
    return { bytes, mode: info.mode & 0o777 };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * Writes through a temporary file and a rename, so a crash leaves either the old file or the new one. The folder is
 * created (0700) when missing. `mode` is passed explicitly: the existing file's, so a rewrite keeps what the person
 * chose. write-file-atomic resolves a symlinked path first, so a dotfiles symlink stays a symlink.
 */
export async function writeFileAtomically(path: string, data: string | Buffer, mode: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, data, { mode });
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export function isExists(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}
