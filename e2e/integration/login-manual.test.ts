/**
 * `switchboard login anthropic --manual` as a person runs it: the CLI as a child process, this test as the
 * person (reading the printed address, using the browser, pasting the code) against the stand-in OAuth server.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAccountFile } from '../../proxy/accounts/token-store.js';
import { startAnthropicOAuthStandIn, submitAuthorizeForm, textOfId, oauthConfigFor, type AnthropicOAuthStandIn } from '../stand-ins/anthropic-oauth.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function runCli(args: string[], home: string): RunningCli {
  const child = spawn(TSX, ['proxy/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, HOME: home }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function waitFor<T>(read: () => T | null | undefined, what: string, cli: RunningCli, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline || cli.child.exitCode !== null) {
      throw new Error(`${what} never appeared.\nstdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

describe('switchboard login anthropic --manual', () => {
  let tokens: TokenRegistry;
  let standIn: AnthropicOAuthStandIn;
  let dir: string;
  let configPath: string;
  let running: RunningCli | undefined;

  beforeEach(async () => {
    tokens = new TokenRegistry();
    standIn = await startAnthropicOAuthStandIn({ tokens });
    dir = await mkdtemp(join(tmpdir(), 'switchboard-login-e2e-'));
    configPath = join(dir, 'config.yaml');
    const config = {
      'auth-dir': join(dir, 'auth'),
      'data-dir': join(dir, 'data'),
      providers: {
        anthropic: {
          'base-url': standIn.url,
          oauth: oauthConfigFor(standIn),
        },
      },
    };
    // JSON is YAML.
    await writeFile(configPath, JSON.stringify(config, null, 2));
  });

  afterEach(async () => {
    if (running && running.child.exitCode === null) running.child.kill();
    await standIn.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the CLI, reads the printed address and plays the browser up to the page that shows `code#state`. */
  async function startLoginAndGetCode(): Promise<{ cli: RunningCli; pasted: string }> {
    const cli = runCli(['--config', configPath, 'login', 'anthropic', '--manual'], dir);
    running = cli;
    const authorizeUrl = await waitFor(() => /(http:\/\/\S+\/oauth\/authorize\?\S+)/.exec(cli.stdout())?.[1], 'the authorize address', cli);
    await waitFor(() => (cli.stdout().includes('Code:') ? true : null), 'the "Code:" prompt', cli);

    const callbackLocation = await submitAuthorizeForm(authorizeUrl, { email: 'ada@example.com' });
    expect(callbackLocation.startsWith(standIn.manualRedirectUri)).toBe(true);
    const page = await fetch(callbackLocation);
    const pasted = textOfId(await page.text(), 'code');
    expect(pasted).toMatch(/^.+#.+$/);
    return { cli, pasted: pasted ?? '' };
  }

  it('logs in with the pasted code and writes a 0600 account file', async () => {
    const { cli, pasted } = await startLoginAndGetCode();
    cli.child.stdin.end(`${pasted}\n`);

    expect(await cli.exit, `stdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`).toBe(0);

    const authDir = join(dir, 'auth');
    const path = join(authDir, 'anthropic-ada@example.com.json');
    expect(await readdir(authDir)).toEqual(['anthropic-ada@example.com.json']);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const saved = parseAccountFile(await readFile(path, 'utf8'));
    expect(saved).toMatchObject({ provider: 'anthropic', email: 'ada@example.com', source: 'login', plan: 'max' });
    expect(tokens.accountOf(saved.access_token)).toBe('ada@example.com');
    expect(saved.refresh_token).toMatch(/^sk-ant-ort01-standin-/);
    expect(standIn.exchanges).toBe(1);

    const out = cli.stdout();
    expect(out).toMatch(/meant for Claude Code/);
    expect(out).toContain(path);
    expect(out).toContain('ada@example.com');
    expect(out + cli.stderr()).not.toContain(saved.access_token);
    expect(out + cli.stderr()).not.toContain(saved.refresh_token ?? '<none>');
  });

  it('asks again after a code whose state is not this login’s, and logs in with the right one', async () => {
    const { cli, pasted } = await startLoginAndGetCode();
    cli.child.stdin.write(`${pasted.split('#')[0]}#not-our-state\n`);
    await waitFor(() => (/the pasted code belongs to a different login \(its state does not match\)[^]*Code: $/.test(cli.stdout()) ? true : null), 'the question again', cli);
    expect(standIn.exchanges).toBe(0);
    cli.child.stdin.end(`${pasted}\n`);

    expect(await cli.exit, `stdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`).toBe(0);
    expect(await readdir(join(dir, 'auth'))).toEqual(['anthropic-ada@example.com.json']);
    expect(standIn.exchanges).toBe(1);
  });

  it('takes lines pasted at once in turn: a wrong one, then the right one', async () => {
    const { cli, pasted } = await startLoginAndGetCode();
    cli.child.stdin.end(`no-state-here\n${pasted}\n`);
    expect(await cli.exit, `stdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`).toBe(0);
    expect(cli.stdout()).toMatch(/has no state part/);
    expect(standIn.exchanges).toBe(1);
  });

  it('prints a fresh address when Anthropic refuses the code, and logs in through it', async () => {
    const { cli, pasted } = await startLoginAndGetCode();
    // This login's state with a code Anthropic never issued: the token endpoint refuses it (invalid_grant).
    cli.child.stdin.write(`never-issued#${pasted.split('#')[1]}\n`);
    const fresh = await waitFor(() => /Here is a fresh login address[^]*?(http:\/\/\S+\/oauth\/authorize\?\S+)/.exec(cli.stdout())?.[1], 'a fresh address', cli);
    expect(cli.stdout()).toMatch(/Anthropic refused the authorization code: it was already used or has expired/);
    const page = await fetch(await submitAuthorizeForm(fresh, { email: 'ada@example.com' }));
    cli.child.stdin.end(`${textOfId(await page.text(), 'code')}\n`);

    expect(await cli.exit, `stdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`).toBe(0);
    expect(await readdir(join(dir, 'auth'))).toEqual(['anthropic-ada@example.com.json']);
  });

  it('stops in words when stdin closes before a working code, and writes nothing', async () => {
    const { cli, pasted } = await startLoginAndGetCode();
    cli.child.stdin.end(`${pasted.split('#')[0]}#not-our-state\n`);

    expect(await cli.exit).not.toBe(0);
    expect(cli.stderr()).toMatch(/standard input closed before a working code was pasted/);
    expect(standIn.exchanges).toBe(0);
    expect(await readdir(join(dir, 'auth')).catch(() => [])).toEqual([]);
  });
});
