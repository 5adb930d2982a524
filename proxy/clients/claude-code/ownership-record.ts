/**
 * Switchboard's record of what it changed in Claude Code's settings.json (`<stateDir>/claude-code.json`, mode 0600
 * because it holds the key Switchboard wrote). Restore reads only this, so it can undo exactly Switchboard's part.
 */
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { readFileIfExists, writeFileAtomically } from './file-io.js';

/** What a key held before Switchboard first set it: any JSON value, or nothing at all. */
const previousSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('absent') }),
  z.object({ kind: z.literal('value'), value: z.json() }),
]);

export type PreviousValue = z.infer<typeof previousSchema>;

/** A JSON value as the record stores it. */
export type JsonValue = Extract<PreviousValue, { kind: 'value' }>['value'];

const ownedKeySchema = z.object({
  /** The value Switchboard wrote last. */
  set: z.string(),
  /** The value before Switchboard's very first apply: later applies never replace it. */
  previous: previousSchema,
});

export type OwnedKey = z.infer<typeof ownedKeySchema>;

export const ownershipRecordSchema = z.object({
  version: z.literal(1),
  settingsPath: z.string(),
  /** The byte-for-byte copy taken before the first change; null when there was no file. */
  backupPath: z.string().nullable(),
  /** There was no settings.json before: an untouched restore deletes it. */
  createdFile: z.boolean(),
  /** There was no `.claude` folder before: an untouched restore removes it when it is empty. */
  createdDir: z.boolean(),
  /** The file had no `env` object: a restore by keys removes an `env` it leaves empty. */
  createdEnv: z.boolean(),
  /**
   * Nobody but Switchboard wrote the file since the backup. A hand edit between two applies sets this false for
   * good: putting the backup back would then throw that edit away even though the hash matches Switchboard's write.
   */
  onlySwitchboardSinceBackup: z.boolean(),
  /** sha256 of the bytes Switchboard wrote last. */
  writtenSha256: z.string(),
  keys: z.record(z.string(), ownedKeySchema),
});

export type OwnershipRecord = z.infer<typeof ownershipRecordSchema>;

/** The record, or null when there is none. A record that does not match the schema is an error, never ignored. */
export async function readOwnershipRecord(path: string): Promise<OwnershipRecord | null> {
  const file = await readFileIfExists(path);
  if (!file) return null;
  let json: unknown;
  try {
    json = JSON.parse(file.bytes.toString('utf8'));
  } catch (error) {
    throw new Error(`${path}: not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const result = ownershipRecordSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`${path}: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ')}`);
  }
  return result.data;
}

export async function writeOwnershipRecord(path: string, record: OwnershipRecord): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(record, null, 2)}\n`, 0o600);
}

export async function deleteOwnershipRecord(path: string): Promise<void> {
  await rm(path, { force: true });
}
