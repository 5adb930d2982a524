/**
 * One TOML file in which Switchboard owns a few keys: plan the change (reading and validating first, so a file
 * that is not TOML stops everything before anything is written), then undo it — from the backup when nobody else
 * has touched the file, else key by key, leaving the person's own edits.
 */
import { readFile, rm } from 'node:fs/promises';
import { readFileIfExists, sha256, writeFileAtomically, type ExistingFile } from '../shared/file-io.js';
import type { OwnedFile, OwnedKey, OwnedValue } from './codex-record.js';
import { editToml, type TomlEdit } from './toml-edit.js';
import { decodeTomlValue, encodeTomlValue, readTomlFile, splitKey, tomlValuesEqual, valueAt, type TomlTable } from './toml-values.js';

/** A file Switchboard creates is private: it can hold a key. */
const NEW_FILE_MODE = 0o600;

export interface OwnedSetting {
  key: string;
  value: OwnedValue;
}

export interface FilePlan {
  path: string;
  /** The file as it is now, or null. */
  file: ExistingFile | null;
  /** The text to write, or null when the file stays as it is. */
  nextText: string | null;
  changed: string[];
  /** The record of this file once written, less the backup (taken only when every file's plan succeeded). */
  record: Omit<OwnedFile, 'backupPath'> & { backupPath: string | null | undefined };
}

/**
 * What applying `wanted` to the file at `path` means, given what Switchboard recorded for it before (if anything).
 * A key in `keep` that Switchboard set earlier and `wanted` does not name stays as it is, and stays Switchboard's
 * while it still holds Switchboard's value; every other key Switchboard no longer sets is given back.
 */
export async function planOwnedFile(path: string, wanted: readonly OwnedSetting[], earlier: OwnedFile | undefined, keep: readonly string[] = []): Promise<FilePlan> {
  const file = await readFileIfExists(path);
  const { text, document } = file ? readTomlFile(path, file.bytes) : { text: '', document: {} };
  const notWanted = (earlier?.keys ?? []).filter((owned) => !wanted.some((setting) => setting.key === owned.key));
  const released = notWanted.filter((owned) => !keep.includes(owned.key));
  // A key changed by the person since is theirs now: it is neither given back nor kept as Switchboard's.
  const kept = notWanted.filter((owned) => keep.includes(owned.key) && isStillOurs(document, owned));
  // A key Switchboard no longer sets goes back to what it was, unless the person has changed it since.
  const edits: TomlEdit[] = [...wanted, ...released.filter((owned) => isStillOurs(document, owned)).map(previousEdit)];
  const changed = edits.filter((edit) => !tomlValuesEqual(valueAt(document, splitKey(edit.key)), edit.value)).map((edit) => edit.key);
  const edited = editToml(text, document, edits);
  const nextText = file === null || edited !== text ? edited : null;

  const set: OwnedKey[] = wanted.map((setting) => {
    // The value from before Switchboard's first change, however many applies since: that is what restore brings back.
    const before = earlier?.keys.find((owned) => owned.key === setting.key);
    return { key: setting.key, value: setting.value, previous: before ? before.previous : encodePrevious(valueAt(document, splitKey(setting.key))) };
  });
  const keys = inEarlierOrder([...set, ...kept], earlier);
  // A file deleted since is still "as before" when there was none before Switchboard's first change.
  const untouched = file === null ? earlier?.backupPath === null : sha256(file.bytes) === earlier?.sha256;
  const written = sha256(nextText ?? file?.bytes ?? '');
  return {
    path,
    file,
    nextText,
    changed,
    record: { path, backupPath: earlier?.backupPath, sha256: written, pristine: earlier ? earlier.pristine && untouched : true, keys },
  };
}

export async function writePlannedFile(plan: FilePlan): Promise<void> {
  if (plan.nextText !== null) await writeFileAtomically(plan.path, plan.nextText, plan.file?.mode ?? NEW_FILE_MODE);
}

/** Undoes Switchboard's changes to one file; `restored` lists the keys taken out or put back. */
export async function restoreOwnedFile(owned: OwnedFile): Promise<{ restored: string[]; mode: 'backup' | 'keys' | 'nothing' }> {
  const file = await readFileIfExists(owned.path);
  // The person removed the file: there is nothing of Switchboard's left to take out.
  if (file === null) return { restored: [], mode: 'nothing' };
  if (owned.pristine && sha256(file.bytes) === owned.sha256 && (await putBackOriginal(owned, file))) {
    return { restored: owned.keys.map((key) => key.key), mode: 'backup' };
  }
  // Edited since: take out only what is still Switchboard's; a value the person changed is theirs now.
  const { text, document } = readTomlFile(owned.path, file.bytes);
  const ours = owned.keys.filter((key) => isStillOurs(document, key));
  const nextText = editToml(text, document, ours.map(previousEdit));
  // A file Switchboard created and that holds nothing else now goes, rather than stay as an empty file.
  if (owned.backupPath === null && nextText.trim() === '') await rm(owned.path, { force: true });
  else if (nextText !== text) await writeFileAtomically(owned.path, nextText, file.mode);
  return { restored: ours.map((key) => key.key), mode: 'keys' };
}

/** The file is exactly what Switchboard wrote: the backup's bytes go back (or the file goes, if there was none). */
async function putBackOriginal(owned: OwnedFile, file: ExistingFile): Promise<boolean> {
  if (owned.backupPath === null) {
    await rm(owned.path, { force: true });
    return true;
  }
  let original: Buffer;
  try {
    original = await readFile(owned.backupPath);
  } catch {
    // The backup is gone: fall back to taking Switchboard's keys out one by one.
    return false;
  }
  await writeFileAtomically(owned.path, original, file.mode);
  return true;
}

/** The record lists keys in the order it first did (new ones last), so keeping a key does not reorder it. */
function inEarlierOrder(keys: OwnedKey[], earlier: OwnedFile | undefined): OwnedKey[] {
  const position = (key: OwnedKey): number => {
    const index = earlier?.keys.findIndex((owned) => owned.key === key.key) ?? -1;
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  return keys.map((key, index) => ({ key, index })).sort((a, b) => position(a.key) - position(b.key) || a.index - b.index).map(({ key }) => key);
}

function isStillOurs(document: TomlTable, owned: OwnedKey): boolean {
  return tomlValuesEqual(valueAt(document, splitKey(owned.key)), owned.value);
}

function previousEdit(owned: OwnedKey): TomlEdit {
  return { key: owned.key, value: owned.previous === null ? undefined : decodeTomlValue(owned.previous) };
}

function encodePrevious(value: unknown): string | null {
  return value === undefined ? null : encodeTomlValue(value);
}
