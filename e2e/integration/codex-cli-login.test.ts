/**
 * `switchboard login codex --manual` and `switchboard import codex-cli` as a person runs them: the CLI as a child
 * process, this test as the person (opening the printed address, pasting the address the browser ended on)
 * against the Codex auth stand-in.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAccountFile } from '../../proxy/accounts/token-store.js';
import { startCodexAuthStandIn, type CodexAuthStandIn } from '../stand-ins/codex-auth.js';
import { ada } from '../stand-ins/codex-identity.js';
import { CodexTokenRegistry } from '../stand-ins/codex-tokens.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const ADA = ada('pro');

function runCli(args: string[], home: string, env: Record<string, string> = {}) {
  const child = spawn(TSX, ['proxy/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, HOME: home, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

describe('switchboard login codex / import codex-cli', () => {
  const tokens = new CodexTokenRegistry();
  let auth: CodexAuthStandIn;
  let dir: string;
  let configPath: string;

  beforeEach(async () => {
    auth = await startCodexAuthStandIn({ tokens });
    auth.signInAs(ADA);
    dir = await mkdtemp(join(tmpdir(), 'switchboard-codex-login-'));
    configPath = join(dir, 'config.yaml');
    await writeFile(configPath, JSON.stringify({ 'auth-dir': join(dir, 'auth'), 'data-dir': join(dir, 'data'), providers: { codex: { oauth: { issuer: auth.url } } } }));
  });
  afterEach(async () => {
    await auth.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('--manual: prints the policy note and the address, takes the pasted redirect address, writes a 0600 account file', async () => {
    const cli = runCli(['--config', configPath, 'login', 'codex', '--manual'], dir);
    const deadline = Date.now() + 20_000;
    let authorizeUrl: string | undefined;
    while (!(authorizeUrl = /(http:\/\/\S+\/oauth\/authorize\?\S+)/.exec(cli.stdout())?.[1]) || !cli.stdout().includes('Address:')) {
      if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`no address.\nstdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    const redirect = (await fetch(authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    expect(redirect).toMatch(/^http:\/\/localhost:1455\/auth\/callback\?/);
    cli.child.stdin.end(`${redirect}\n`);
    expect(await cli.exit, `stdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`).toBe(0);
    expect(cli.stdout()).toMatch(/for your own personal use/);
    expect(cli.stdout()).toMatch(/Logged in as ada@example.com \(plan: pro\)/);
    const [file] = await readdir(join(dir, 'auth'));
    const path = join(dir, 'auth', file!);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(parseAccountFile(await readFile(path, 'utf8'))).toMatchObject({ provider: 'codex', email: ADA.email, chatgpt_account_id: ADA.accountId, chatgpt_user_id: ADA.userId, source: 'login' });
  });

  it('import codex-cli copies a ChatGPT login with the revocation warning, and refuses an API-key login in words', async () => {
    const codexHome = join(dir, 'codex-home');
    await mkdir(codexHome);
    const issued = tokens.issue(ADA);
    await writeFile(join(codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'chatgpt', tokens: { id_token: issued.idToken, access_token: issued.accessToken, refresh_token: issued.refreshToken, account_id: ADA.accountId } }));
    const imported = runCli(['--config', configPath, 'import', 'codex-cli'], dir, { CODEX_HOME: codexHome });
    expect(await imported.exit, imported.stderr()).toBe(0);
    expect(imported.stdout()).toMatch(/Codex revokes it when you next log in to or out of Codex/);
    await writeFile(join(codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-proj-x' }));
    const refused = runCli(['--config', configPath, 'import', 'codex-cli'], dir, { CODEX_HOME: codexHome });
    expect(await refused.exit).not.toBe(0);
    expect(refused.stderr() + refused.stdout()).toMatch(/an API key, not a ChatGPT sign-in/);
  });
});
