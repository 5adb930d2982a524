import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

import { cursorJwt } from '../../../e2e/stand-ins/cursor-auth.js';
import { ImportError } from '../import-error.js';
import { defaultStateDbPath, importCursorApp } from './import-cursor-app.js';
import { testRunConfig } from './__fixtures__/run-config.js';

const open: Database.Database[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A `state.vscdb` as the running Cursor app keeps it: WAL mode, held open (and written) by the app's connection. */
function cursorStateDb(items: Record<string, string>, diskKv: Record<string, string>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-cursor-db-')), 'state.vscdb');
  const app = new Database(path);
  open.push(app);
  app.pragma('journal_mode = WAL');
  app.exec('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB); CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);');
  const insert = (table: string, entries: Record<string, string>) => {
    const statement = app.prepare(`INSERT INTO ${table} (key, value) VALUES (?, ?)`);
    for (const [key, value] of Object.entries(entries)) statement.run(key, value);
  };
  insert('ItemTable', items);
  insert('cursorDiskKV', diskKv);
  return path;
}

describe("importing the Cursor app's login", () => {
  it('reads both tables of the live database read-only, JSON-quoted and user_…:: values included', async () => {
    const access = cursorJwt('auth0|user_app');
    const path = cursorStateDb(
      { 'cursorAuth/accessToken': JSON.stringify(`user_01ABC::${access}`), 'cursorAuth/cachedEmail': '"ada@example.com"', 'storage.serviceMachineId': 'machine-1234' },
      { 'cursorAuth/refreshToken': 'refresh-from-disk-kv', 'cursorAuth/stripeMembershipType': 'pro' },
    );
    const config = testRunConfig('http://127.0.0.1:9');
    const { account, message } = await importCursorApp(config, { from: path });
    expect(account.data).toMatchObject({
      provider: 'cursor',
      access_token: access,
      refresh_token: 'refresh-from-disk-kv',
      email: 'ada@example.com',
      plan: 'pro',
      machine_id: 'machine-1234',
      source: 'cursor-app',
    });
    expect(account.data.expires_at).not.toBeNull();
    expect(message).toContain('ada@example.com');
    // The app's own connection can still write: the import took no lock and changed nothing.
    open[0]!.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)').run('after-import', '1');
  });

  it('says what to do when the app is not logged in, or not there', async () => {
    const config = testRunConfig('http://127.0.0.1:9');
    await expect(importCursorApp(config, { from: cursorStateDb({ 'cursorAuth/cachedEmail': 'ada@example.com' }, {}) })).rejects.toThrow(/not logged in/);
    await expect(importCursorApp(config, { from: join(tmpdir(), 'no-such-dir-sb', 'state.vscdb') })).rejects.toBeInstanceOf(ImportError);
  });

  it("knows where each OS keeps the app's database", () => {
    expect(defaultStateDbPath('/home/ada', 'linux', {})).toBe('/home/ada/.config/Cursor/User/globalStorage/state.vscdb');
    expect(defaultStateDbPath('/Users/ada', 'darwin', {})).toBe('/Users/ada/Library/Application Support/Cursor/User/globalStorage/state.vscdb');
    expect(defaultStateDbPath('C:/Users/ada', 'win32', { APPDATA: 'C:/Users/ada/AppData/Roaming' })).toBe(join('C:/Users/ada/AppData/Roaming', 'Cursor', 'User', 'globalStorage', 'state.vscdb'));
  });
});
