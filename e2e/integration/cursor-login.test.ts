/**
 * `switchboard import cursor --from <state.vscdb>` as a person runs it: the CLI as a child process, the Cursor
 * app's database live in WAL mode and held open by the app's own connection meanwhile.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAccountFile } from '../../proxy/accounts/token-store.js';
import { cursorJwt } from '../stand-ins/cursor-auth.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function runCli(args: string[], home: string) {
  const child = spawn(TSX, ['proxy/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, HOME: home }, stdio: 'pipe' });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { output: () => output, exit };
}

describe('switchboard import cursor', () => {
  let dir: string;
  let configPath: string;
  let app: Database.Database | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-cursor-import-'));
    configPath = join(dir, 'config.yaml');
    await writeFile(configPath, JSON.stringify({ 'auth-dir': join(dir, 'auth'), 'data-dir': join(dir, 'data') }));
  });
  afterEach(async () => {
    app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('--from copies the login out of a database the app holds open, into a 0600 account file', async () => {
    const dbPath = join(dir, 'state.vscdb');
    app = new Database(dbPath);
    app.pragma('journal_mode = WAL');
    app.exec('CREATE TABLE ItemTable (key TEXT UNIQUE, value BLOB); CREATE TABLE cursorDiskKV (key TEXT UNIQUE, value BLOB);');
    const access = cursorJwt('auth0|user_ada');
    app.prepare('INSERT INTO ItemTable VALUES (?, ?)').run('cursorAuth/accessToken', access);
    app.prepare('INSERT INTO cursorDiskKV VALUES (?, ?)').run('cursorAuth/cachedEmail', 'ada@example.com');

    const cli = runCli(['--config', configPath, 'import', 'cursor', '--from', dbPath], dir);
    expect(await cli.exit, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/Imported the Cursor app's login \(ada@example\.com\)/);
    const [file] = await readdir(join(dir, 'auth'));
    const path = join(dir, 'auth', file!);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(parseAccountFile(await readFile(path, 'utf8'))).toMatchObject({ provider: 'cursor', access_token: access, email: 'ada@example.com', source: 'cursor-app' });
  });
});
