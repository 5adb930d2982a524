/**
 * Imports the Cursor app's own login (PROTOCOLS.md §3 "Login and storage"): `state.vscdb`, a SQLite file the
 * running app keeps open in WAL mode, opened read-only. Both tables are read (`ItemTable` and `cursorDiskKV`); a
 * key found in both is taken from ItemTable.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Account } from '../../accounts/account-file.js';
import { cliCommand } from '../../cli-command.js';
import { ImportError } from '../import-error.js';
import { saveCursorLogin } from './account.js';
import type { CursorRunConfig } from './config-schema.js';
import { bareToken } from './tokens.js';

const KEYS = {
  accessToken: 'cursorAuth/accessToken',
  refreshToken: 'cursorAuth/refreshToken',
  email: 'cursorAuth/cachedEmail',
  signUpType: 'cursorAuth/cachedSignUpType',
  membership: 'cursorAuth/stripeMembershipType',
  machineId: 'storage.serviceMachineId',
} as const;

const TABLES = ['ItemTable', 'cursorDiskKV'] as const;

/** Where the Cursor app keeps `state.vscdb` on this OS. */
export function defaultStateDbPath(home: string = homedir(), platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const tail = ['Cursor', 'User', 'globalStorage', 'state.vscdb'];
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', ...tail);
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), ...tail);
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), ...tail);
}

/** The values of the wanted keys, from both tables (ItemTable first). */
export function readStateDb(path: string): Map<string, string> {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    const missing = error instanceof Error && /unable to open|SQLITE_CANTOPEN|does not exist/i.test(error.message);
    throw new ImportError(missing ? `no Cursor login at ${path}: is Cursor installed and logged in? Or log in with \`${cliCommand('login cursor')}\`` : `could not open ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const values = new Map<string, string>();
    const wanted = Object.values(KEYS);
    for (const table of TABLES) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      if (!exists) continue;
      const rows = db.prepare(`SELECT key, value FROM ${table} WHERE key IN (${wanted.map(() => '?').join(', ')})`).all(...wanted) as { key: string; value: unknown }[];
      for (const row of rows) {
        const text = typeof row.value === 'string' ? row.value : Buffer.isBuffer(row.value) ? row.value.toString('utf8') : null;
        if (text !== null && text.trim() && !values.has(row.key)) values.set(row.key, text);
      }
    }
    return values;
  } finally {
    db.close();
  }
}

export async function importCursorApp(config: CursorRunConfig, options: { home?: string; from?: string; fetch?: typeof fetch } = {}): Promise<{ account: Account; message: string }> {
  const path = options.from ?? defaultStateDbPath(options.home);
  const values = readStateDb(path);
  const text = (key: string) => {
    const value = values.get(key);
    return value === undefined ? null : bareToken(value);
  };
  const accessToken = text(KEYS.accessToken);
  if (!accessToken) throw new ImportError(`the Cursor app at ${path} is not logged in: log in to Cursor first, or use \`${cliCommand('login cursor')}\``);
  const account = await saveCursorLogin(
    config,
    { accessToken, refreshToken: text(KEYS.refreshToken) },
    { source: 'cursor-app', details: { email: text(KEYS.email), plan: text(KEYS.membership), signUpType: text(KEYS.signUpType), machineId: text(KEYS.machineId) } },
  );
  return {
    account,
    message: [
      `Imported the Cursor app's login${account.data.email ? ` (${account.data.email})` : ''} as ${account.id}.`,
      'Switchboard and Cursor now share one login: logging out of Cursor ends it, and then this account needs a new login.',
    ].join(' '),
  };
}
