/**
 * Switchboard's record of what it changed in Claude Code's settings.json (`<stateDir>/claude-code.json`, mode 0600
 * because it holds the key Switchboard wrote). Restore reads only this, so it can undo exactly Switchboard's part.
 */
import { z } from 'zod';
import { deleteJsonRecord, readJsonRecord, writeJsonRecord } from '../shared/json-record.js';

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

export function readOwnershipRecord(path: string): Promise<OwnershipRecord | null> {
  return readJsonRecord(path, ownershipRecordSchema);
}

export const writeOwnershipRecord: (path: string, record: OwnershipRecord) => Promise<void> = writeJsonRecord;
export const deleteOwnershipRecord = deleteJsonRecord;
