import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { createLogger } from '../log.js';
import { MIGRATIONS } from './migrations.js';

export type { Database } from 'better-sqlite3';

const log = createLogger('usage/database');

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** Where the usage ledger and the managed keys live inside data-dir. */
export function databasePath(dataDir: string): string {
  return join(dataDir, 'switchboard.db');
}

/**
 * Opens (creating if needed) switchboard.db and brings its schema up to date.
 * Throws when the file was written by a newer Switchboard, rather than running against a schema it does not know.
 */
export function openDatabase(path: string): Database {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Create the file ourselves so it is never readable by others, not even for a moment; SQLite gives the -wal and
  // -shm files the same mode as the database file. chmod also tightens a file left with a looser mode.
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);

  const db = new BetterSqlite3(path);
  try {
    // WAL + synchronous=NORMAL: a commit appends to the -wal file and returns without fsync. A committed
    // transaction is then in the OS's page cache, so it survives the process being killed (kill -9, a crash);
    // only a power loss or OS crash can lose the last few commits, and never corrupts the file.
    // https://www.sqlite.org/pragma.html#pragma_synchronous
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db, MIGRATIONS, path);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The schema version recorded in the file (0 for a new file). */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs the migrations the file has not had yet, each in its own transaction together with the new user_version,
 * so a crash leaves the file at one version or the next, never in between.
 */
export function migrate(db: Database, migrations: readonly string[], label = 'the database'): void {
  const known = migrations.length;
  const found = schemaVersion(db);
  if (found > known) {
    throw new Error(
      `${label} has schema version ${found}, but this Switchboard knows only up to version ${known}: ` +
        'it was written by a newer Switchboard. Update Switchboard, or point data-dir at another folder.',
    );
  }
  for (let version = found + 1; version <= known; version++) {
    const sql = migrations[version - 1] as string;
    // IMMEDIATE takes the write lock first, and the version is read again under it: another process opening
    // the same file at the same moment waits (busy_timeout) and then skips what this one already applied.
    db.transaction(() => {
      if (schemaVersion(db) >= version) return;
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
    log.info({ version }, 'database schema migrated');
  }
}
