/**
 * Points Claude Code at Switchboard through `~/.claude/settings.json` `env` (which wins over the shell), and undoes
 * exactly that. Every other key in the file is kept as it was, in its order; the first change is preceded by a
 * byte-for-byte backup, and a record of what Switchboard set lets restore tell its own values from the person's.
 */
import { rm, rmdir } from 'node:fs/promises';
import { ClientConfigError, pathApiFor, type ClientEnvironment, type ClientStatus, type ClientTarget } from '../client-setup.js';
import { writeBackup } from '../shared/backup-file.js';
import { claudeCodeRecordPath, claudeDirPath, claudeSettingsPath } from './claude-code-paths.js';
import { claudeModelSettings } from './claude-code-models.js';
import { AUTH_TOKEN_KEY, BASE_URL_KEY, desiredClaudeEnv, effectiveApiKey, effectiveVariable, readSettingsEnv, readSettingsFile, releasedClaudeKeys, sameBaseUrl, type SettingsFile } from './claude-settings.js';
import { isNotFound, pathExists, readFileIfExists, sha256, writeFileAtomically } from '../shared/file-io.js';
import { serializeJsonDocument, type JsonObject } from './json-file.js';
import { deleteOwnershipRecord, readOwnershipRecord, writeOwnershipRecord, type OwnedKey, type JsonValue, type OwnershipRecord, type PreviousValue } from './ownership-record.js';

/** A settings file Switchboard creates is private: it holds a key. */
const NEW_FILE_MODE = 0o600;

export interface ApplyResult {
  path: string;
  /** The copy taken before Switchboard's first change, or null when there was no file to copy. */
  backupPath: string | null;
  /** The `env` keys whose value this call changed; empty when the file already said all of it. */
  changed: string[];
}

export interface RestoreResult {
  path: string;
  /** The keys put back as they were before Switchboard (or removed, when there were none). */
  restored: string[];
  /** Keys Switchboard had set that the person changed or removed since: theirs now, left as they are. */
  kept: string[];
  /** 'backup': the file was untouched since Switchboard wrote it and got its old bytes back; 'keys': it had been edited. */
  mode: 'backup' | 'keys' | 'nothing';
}

export async function applyClaudeCode(environment: ClientEnvironment, target: ClientTarget): Promise<ApplyResult> {
  const path = claudeSettingsPath(environment);
  const recordPath = claudeCodeRecordPath(environment);
  const record = await readOwnershipRecord(recordPath);
  if (record && record.settingsPath !== path) {
    throw new ClientConfigError(path, `Switchboard's record ${recordPath} is about ${record.settingsPath}; restore that first`);
  }
  // Refuses (ClientConfigError) a file it cannot read, before anything is written anywhere.
  const settings = await readSettingsFile(path);
  const env: JsonObject = { ...settings?.env };
  const keys: Record<string, OwnedKey> = { ...record?.keys };
  const changed: string[] = [];
  const desired = desiredClaudeEnv(target);

  for (const [key, value] of Object.entries(desired)) {
    const owned = keys[key];
    // The previous value is taken once, on the first apply that owns the key: restore goes back to before Switchboard.
    keys[key] = { set: value, previous: owned ? owned.previous : previousValueOf(env, key) };
    if (env[key] !== value) {
      env[key] = value;
      changed.push(key);
    }
  }
  // A model an earlier apply set and this target does not name stays, unless the target gives it back (null). A
  // value the person has changed since is theirs now: it stays too, but no longer as Switchboard's.
  const released = releasedClaudeKeys(target);
  for (const [key, owned] of Object.entries(keys)) {
    if (Object.hasOwn(desired, key)) continue;
    const stillOurs = env[key] === owned.set;
    if (stillOurs && !released.has(key)) continue;
    if (stillOurs) {
      putBack(env, key, owned.previous);
      changed.push(key);
    }
    delete keys[key];
  }

  if (changed.length === 0) {
    if (record && JSON.stringify(record.keys) !== JSON.stringify(keys)) await writeOwnershipRecord(recordPath, { ...record, keys });
    return { path, backupPath: record?.backupPath ?? null, changed };
  }

  const bytes = Buffer.from(serializeJsonDocument({ root: { ...settings?.document.root, env }, bom: settings?.document.bom ?? false }));
  const next = record ? continuedRecord(record, settings, keys, bytes) : await firstRecord(environment, path, settings, keys, bytes);
  // The record goes first: a crash before the settings write then leaves a record whose values are not in the file,
  // which restore ignores, rather than a changed file with no record of what it held before.
  await writeOwnershipRecord(recordPath, next);
  await writeFileAtomically(path, bytes, settings?.file.mode ?? NEW_FILE_MODE);
  return { path, backupPath: next.backupPath, changed };
}

export async function restoreClaudeCode(environment: ClientEnvironment): Promise<RestoreResult> {
  const recordPath = claudeCodeRecordPath(environment);
  const record = await readOwnershipRecord(recordPath);
  if (!record) return { path: claudeSettingsPath(environment), restored: [], kept: [], mode: 'nothing' };
  const path = record.settingsPath;
  const owned = Object.keys(record.keys);
  const current = await readFileIfExists(path);
  if (!current) {
    // The person deleted the file: none of Switchboard's values are left to take back.
    await deleteOwnershipRecord(recordPath);
    return { path, restored: [], kept: [], mode: 'nothing' };
  }

  if (record.onlySwitchboardSinceBackup && sha256(current.bytes) === record.writtenSha256 && (await putBackupBack(environment, record, current.mode))) {
    await deleteOwnershipRecord(recordPath);
    return { path, restored: owned, kept: [], mode: 'backup' };
  }

  // Edited by hand since: take back only Switchboard's own values. A file that no longer parses is refused and the
  // record kept, so restore can run again once it is fixed.
  const settings = await readSettingsFile(path);
  const env: JsonObject = { ...settings?.env };
  const restored: string[] = [];
  const kept: string[] = [];
  for (const [key, value] of Object.entries(record.keys)) {
    if (settings?.env !== undefined && env[key] === value.set) {
      putBack(env, key, value.previous);
      restored.push(key);
    } else {
      kept.push(key);
    }
  }
  if (settings && restored.length > 0) {
    const root: JsonObject = { ...settings.document.root, env };
    if (record.createdEnv && Object.keys(env).length === 0) delete root.env;
    await writeFileAtomically(path, serializeJsonDocument({ root, bom: settings.document.bom }), current.mode);
  }
  await deleteOwnershipRecord(recordPath);
  return { path, restored, kept, mode: 'keys' };
}

/**
 * What Claude Code will use. `configured`: a record exists and the base URL and token Switchboard set are still in
 * the file (a model the person changed since does not undo the setup).
 */
export async function claudeCodeStatus(environment: ClientEnvironment, expectedBaseUrl: string): Promise<ClientStatus> {
  const configPath = claudeSettingsPath(environment);
  const [record, settings] = await Promise.all([readOwnershipRecord(claudeCodeRecordPath(environment)), readSettingsEnv(configPath)]);
  const configured =
    record !== null &&
    [BASE_URL_KEY, AUTH_TOKEN_KEY].every((key) => {
      const owned = record.keys[key];
      return owned !== undefined && settings.env[key] === owned.set;
    });
  const baseUrl = effectiveVariable(BASE_URL_KEY, settings.env, environment.env);
  return {
    client: 'claude-code',
    configPath,
    configured,
    baseUrl,
    pointsHere: baseUrl !== null && sameBaseUrl(baseUrl, expectedBaseUrl),
    apiKey: effectiveApiKey(settings.env, environment.env),
    models: claudeModelSettings([{ where: configPath, env: settings.env, root: settings.root }], environment.env, configPath, (key) => record?.keys[key]?.set),
  };
}

function previousValueOf(env: JsonObject, key: string): PreviousValue {
  // Values come from JSON.parse, so they are JSON; the cast only tells the type checker so.
  return Object.hasOwn(env, key) ? { kind: 'value', value: env[key] as JsonValue } : { kind: 'absent' };
}

function putBack(env: JsonObject, key: string, previous: PreviousValue): void {
  if (previous.kind === 'absent') delete env[key];
  else env[key] = previous.value;
}

async function firstRecord(environment: ClientEnvironment, path: string, settings: SettingsFile | null, keys: Record<string, OwnedKey>, bytes: Buffer): Promise<OwnershipRecord> {
  const now = environment.now?.() ?? Date.now();
  return {
    version: 1,
    settingsPath: path,
    backupPath: settings ? await writeBackup(path, settings.file.bytes, now) : null,
    createdFile: settings === null,
    createdDir: !(await pathExists(claudeDirPath(environment))),
    createdEnv: settings?.env === undefined,
    onlySwitchboardSinceBackup: true,
    writtenSha256: sha256(bytes),
    keys,
  };
}

function continuedRecord(record: OwnershipRecord, settings: SettingsFile | null, keys: Record<string, OwnedKey>, bytes: Buffer): OwnershipRecord {
  const untouched = settings !== null && sha256(settings.file.bytes) === record.writtenSha256;
  return { ...record, onlySwitchboardSinceBackup: record.onlySwitchboardSinceBackup && untouched, writtenSha256: sha256(bytes), keys };
}

/**
 * Puts the file back as it was before Switchboard: the backup's bytes, or no file (and no `.claude` folder, when
 * Switchboard made it and nothing else is in it). False when the backup has gone missing, so restore falls back to
 * taking back keys.
 */
async function putBackupBack(environment: ClientEnvironment, record: OwnershipRecord, mode: number): Promise<boolean> {
  if (record.createdFile) {
    await rm(record.settingsPath, { force: true });
    if (record.createdDir) await removeIfEmpty(pathApiFor(environment).dirname(record.settingsPath));
    return true;
  }
  if (record.backupPath === null) return false;
  const backup = await readFileIfExists(record.backupPath);
  if (!backup) return false;
  await writeFileAtomically(record.settingsPath, backup.bytes, mode);
  // The file now holds exactly these bytes; a second copy would only be clutter from a setup that no longer exists.
  await rm(record.backupPath, { force: true });
  return true;
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (!isNotFound(error) && code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
}
