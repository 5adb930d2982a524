/**
 * Points the Codex CLI at Switchboard — a provider in `$CODEX_HOME/config.toml` (and, by default, made the default
 * there) plus a `switchboard` profile file — and undoes exactly that. Everything Switchboard did not set stays
 * byte for byte; a file that is not TOML is refused, never replaced.
 */
import { basename } from 'node:path';
import { createLogger } from '../../log.js';
import type { ClientEnvironment, ClientTarget } from '../client-setup.js';
import { writeBackup } from '../shared/backup-file.js';
import { codexConfigPath, codexProfilePath, codexRecordPath } from './codex-paths.js';
import { codexRecordSchema, type CodexRecord, type OwnedFile } from './codex-record.js';
import { codexSettings } from './codex-settings.js';
import { deleteJsonRecord, readJsonRecord, writeJsonRecord } from '../shared/json-record.js';
import { planOwnedFile, restoreOwnedFile, writePlannedFile, type FilePlan } from './owned-toml-file.js';

export { codexConfigPath, codexHome, codexProfilePath } from './codex-paths.js';
export { codexStatus } from './codex-status.js';

const log = createLogger('clients/codex');

export interface ApplyCodexOptions {
  /** Also make Switchboard Codex's default provider (top-level `model_provider`, and `model`). Default true. */
  setDefault?: boolean;
}

/**
 * `changed` names config.toml keys as they are (`model_providers.switchboard`) and the profile file's with its
 * name in front (`switchboard.config.toml:model`).
 */
export async function applyCodex(
  environment: ClientEnvironment,
  target: ClientTarget,
  options: ApplyCodexOptions = {},
): Promise<{ path: string; backupPath: string | null; changed: string[] }> {
  const path = codexConfigPath(environment);
  const profilePath = codexProfilePath(environment);
  const recordPath = codexRecordPath(environment);
  const record = await readJsonRecord(recordPath, codexRecordSchema);
  if (record && record.files[0]?.path !== path) {
    throw new Error(`Switchboard already changed ${record.files[0]?.path ?? 'another file'} (another CODEX_HOME); restore it before configuring ${path}`);
  }
  const earlier = (filePath: string): OwnedFile | undefined => record?.files.find((file) => file.path === filePath);
  const settings = codexSettings(target, options.setDefault ?? true);
  // Both files are read and checked before anything is written: a profile file that is not TOML stops it all.
  const plans = [
    await planOwnedFile(path, settings.config.set, earlier(path), settings.config.keep),
    await planOwnedFile(profilePath, settings.profile.set, earlier(profilePath), settings.profile.keep),
  ];

  const files: OwnedFile[] = [];
  for (const plan of plans) {
    // undefined: Switchboard has not changed this file before, so now is the time for its backup (null: no file then).
    const backupPath = plan.record.backupPath === undefined ? await backupOf(plan, environment) : plan.record.backupPath;
    files.push({ ...plan.record, backupPath });
  }
  const nextRecord: CodexRecord = { version: 1, files };
  const changed = plans.flatMap((plan) => plan.changed.map((key) => (plan.path === path ? key : `${basename(plan.path)}:${key}`)));
  const backupPath = files[0]?.backupPath ?? null;
  if (plans.every((plan) => plan.nextText === null) && JSON.stringify(record) === JSON.stringify(nextRecord)) return { path, backupPath, changed: [] };

  // The record first: if a file write then fails, restore finds only what Switchboard really wrote as its own.
  await writeJsonRecord(recordPath, nextRecord);
  for (const plan of plans) await writePlannedFile(plan);
  log.info({ path, changed, backupPath }, 'configured the Codex CLI');
  return { path, backupPath, changed };
}

export async function restoreCodex(environment: ClientEnvironment): Promise<{ path: string; restored: string[]; mode: 'backup' | 'keys' | 'nothing' }> {
  const recordPath = codexRecordPath(environment);
  const record = await readJsonRecord(recordPath, codexRecordSchema);
  const path = record?.files[0]?.path ?? codexConfigPath(environment);
  if (!record) return { path, restored: [], mode: 'nothing' };
  const results = [];
  for (const owned of record.files) {
    const result = await restoreOwnedFile(owned);
    results.push({ ...result, restored: result.restored.map((key) => (owned.path === path ? key : `${basename(owned.path)}:${key}`)) });
  }
  await deleteJsonRecord(recordPath);
  const mode = results.some((result) => result.mode === 'keys') ? 'keys' : results.some((result) => result.mode === 'backup') ? 'backup' : 'nothing';
  const restored = results.flatMap((result) => result.restored);
  log.info({ path, restored, mode }, 'restored the Codex CLI config');
  return { path, restored, mode };
}

/** The byte-for-byte copy taken before Switchboard's first change to a file; null when there is no file yet. */
async function backupOf(plan: FilePlan, environment: ClientEnvironment): Promise<string | null> {
  return plan.file ? writeBackup(plan.path, plan.file.bytes, environment.now?.() ?? Date.now()) : null;
}
