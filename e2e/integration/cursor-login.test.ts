/**
 * `switchboard login cursor` and `switchboard import cursor --from <state.vscdb>` as a person runs them: the CLI as
 * a child process; this test as the person opening the printed page on the Cursor auth stand-in, and as the Cursor
 * app holding its database open in WAL mode meanwhile.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAccountFile } from '../../proxy/accounts/token-store.js';
import { CursorAuthStandIn, cursorJwt, STAND_IN_CURSOR_API_KEY } from '../stand-ins/cursor-auth.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function runCli(args: string[], home: string) {
  const child = spawn(TSX, ['proxy/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, HOME: home }, stdio: 'pipe' });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { child, output: () => output, exit };
}

describe('switchboard login cursor', () => {
  let dir: string;
  let configPath: string;
  let auth: CursorAuthStandIn;

  beforeEach(async () => {
    auth = new CursorAuthStandIn();
    await auth.listen();
    dir = await mkdtemp(join(tmpdir(), 'switchboard-cursor-login-'));
    configPath = join(dir, 'config.yaml');
    const cursor = { 'auth-url': auth.url, 'login-page-url': auth.loginPageUrl };
    await writeFile(configPath, JSON.stringify({ 'auth-dir': join(dir, 'auth'), 'data-dir': join(dir, 'data'), providers: { cursor } }));
  });
  afterEach(async () => {
    await auth.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the deep-link page, polls until the person logged in there, and writes the tokens to a 0600 account file', async () => {
    const cli = runCli(['--config', configPath, 'login', 'cursor', '--no-browser'], dir);
    const deadline = Date.now() + 20_000;
    let pageUrl: string | undefined;
    while (!(pageUrl = /(http:\/\/\S+\/loginDeepControl\?\S+)/.exec(cli.output())?.[1])) {
      if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`no login page printed:\n${cli.output()}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    expect(cli.output()).toMatch(/experimental/i);
    // The person opens the page in a browser and logs in there.
    const opened = await fetch(pageUrl);
    expect(opened.status).toBe(200);

    expect(await cli.exit, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/Logged in as account cursor-[^\s]+ \(plan: pro\)\.\nAccount file: /);
    const polls = auth.requests.filter((request) => request.path === '/auth/poll');
    expect(polls.length).toBeGreaterThan(0);
    const [file] = await readdir(join(dir, 'auth'));
    const path = join(dir, 'auth', file!);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const saved = parseAccountFile(await readFile(path, 'utf8'));
    expect(saved).toMatchObject({ provider: 'cursor', access_token: auth.issued[0], source: 'login' });
    expect(saved.refresh_token).toMatch(/^refresh-/);
  });

  it('--method api-key: asks again after a key Cursor refuses, then saves the login the good key is exchanged for', async () => {
    const cli = runCli(['--config', configPath, 'login', 'cursor', '--method', 'api-key'], dir);
    cli.child.stdin.end(`key_not_cursors\n${STAND_IN_CURSOR_API_KEY}\n`);
    expect(await cli.exit, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/Make a Cursor API key at https:\/\/cursor\.com\/dashboard\?tab=integrations, then paste it here\./);
    expect(cli.output()).toMatch(/That did not work: Cursor refused this API key\./);
    expect(auth.requests.filter((request) => request.path === '/auth/exchange_user_api_key').map((request) => request.authorization)).toEqual(['Bearer key_not_cursors', `Bearer ${STAND_IN_CURSOR_API_KEY}`]);
    const [file] = await readdir(join(dir, 'auth'));
    const path = join(dir, 'auth', file!);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(parseAccountFile(await readFile(path, 'utf8'))).toMatchObject({ provider: 'cursor', access_token: auth.issued[0], source: 'api-key', plan: 'pro' });
  });
});

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
