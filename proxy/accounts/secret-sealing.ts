/**
 * OAuth tokens at rest (issue 8). The desktop app installs a sealer backed by the OS keychain (Electron's
 * safeStorage); the token store then seals the secret fields of an account file on every write and opens them on
 * every read. A sealed value carries a prefix, so a plain file written by a person or another tool still loads
 * (and is sealed on its next save), and a process without the sealer (the headless server) can tell a sealed
 * file from a broken one and say what to do instead of failing.
 */
import { createLogger } from '../log.js';

const log = createLogger('accounts/secret-sealing');

/** Reversible encryption of one secret. Implementations may throw; the text they return is stored as it is. */
export interface SecretSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export const SEALED_PREFIX = 'sealed:v1:';

/** The fields of an account file that hold secrets. */
export const SEALED_FIELDS = ['access_token', 'refresh_token'] as const;

export const NO_SEALER_PROBLEM =
  'its tokens are encrypted by the Switchboard desktop app with the OS keychain, which this process cannot use: log in again here, or use the desktop app';

export const CANNOT_OPEN_PROBLEM =
  'its tokens are encrypted with an OS keychain key this app cannot read (they were encrypted for another user or computer, or the keychain was reset): log in again';

let installed: SecretSealer | null = null;

/** Installs the sealer every token store of this process uses from now on; null stores tokens as plain text. */
export function useSecretSealer(sealer: SecretSealer | null): void {
  installed = sealer;
}

export function installedSecretSealer(): SecretSealer | null {
  return installed;
}

/** An account file whose tokens cannot be opened here; the message says why and what to do. */
export class SealedSecretError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SealedSecretError';
  }
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/**
 * The file's JSON with its secret fields sealed. Without a sealer, or when sealing fails (the keychain refused),
 * the tokens are written as they are: a 0600 file is better than a login lost because it could not be saved.
 */
export function sealSecrets<T extends object>(data: T, sealer: SecretSealer | null): T {
  if (!sealer) return data;
  const record = { ...data } as Record<string, unknown>;
  for (const field of SEALED_FIELDS) {
    const value = record[field];
    if (typeof value !== 'string' || isSealed(value)) continue;
    try {
      record[field] = `${SEALED_PREFIX}${sealer.seal(value)}`;
    } catch (error) {
      log.warn({ problem: error instanceof Error ? error.message : String(error) }, 'could not encrypt an account token; it is stored in a file only you can read');
      return data;
    }
  }
  return record as T;
}

/** The file's JSON with its sealed fields opened; throws SealedSecretError saying what to do when it cannot. */
export function openSecrets(json: unknown, sealer: SecretSealer | null): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  const record: Record<string, unknown> = { ...json };
  for (const field of SEALED_FIELDS) {
    const value = record[field];
    if (!isSealed(value)) continue;
    if (!sealer) throw new SealedSecretError(NO_SEALER_PROBLEM);
    try {
      record[field] = sealer.open(value.slice(SEALED_PREFIX.length));
    } catch (error) {
      throw new SealedSecretError(CANNOT_OPEN_PROBLEM, { cause: error });
    }
  }
  return record;
}
