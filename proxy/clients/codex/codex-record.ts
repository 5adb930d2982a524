/** Switchboard's record of what it changed in the Codex CLI's files, so a restore undoes exactly that. */
import { z } from 'zod';

/** Switchboard writes strings and tables of strings, nothing else. */
const ownedValueSchema = z.union([z.string(), z.record(z.string(), z.string())]);

export const ownedKeySchema = z.object({
  /** Dotted key path, e.g. `model_providers.switchboard`. */
  key: z.string().min(1),
  /** The value Switchboard set. */
  value: ownedValueSchema,
  /** What was there before Switchboard's first change, as TOML (`value = …`), or null when the key was absent. */
  previous: z.string().nullable(),
});

export const ownedFileSchema = z.object({
  path: z.string().min(1),
  /** The copy of the file from before the first change; null when there was no file. */
  backupPath: z.string().nullable(),
  /** sha256 of the bytes Switchboard last wrote: a match means nobody has edited the file since. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * Every change since the backup was Switchboard's. Once someone else edits the file between two applies, the
   * backup is out of date for good: bringing it back would undo their edit, so restore goes key by key.
   */
  pristine: z.boolean(),
  keys: z.array(ownedKeySchema),
});

export const codexRecordSchema = z.object({
  version: z.literal(1),
  /** config.toml first, then the profile file. */
  files: z.array(ownedFileSchema).min(1),
});

export type OwnedValue = z.infer<typeof ownedValueSchema>;
export type OwnedKey = z.infer<typeof ownedKeySchema>;
export type OwnedFile = z.infer<typeof ownedFileSchema>;
export type CodexRecord = z.infer<typeof codexRecordSchema>;
