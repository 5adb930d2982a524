/**
 * `switchboard serve` as its own process, as a person runs it: what it says about bad options and about where it
 * listens, and how it follows config.yaml while it runs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const KEY_A = 'sk-sb-config-key-aaaaaaaaaaaa';
const KEY_B = 'sk-sb-config-key-bbbbbbbbbbbb';

interface Serve {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

describe('switchboard serve', () => {
  let dir: string;
  let configPath: string;
  let running: Serve | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-serve-'));
    configPath = join(dir, 'config.yaml');
    writeConfig({});
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exit;
    }
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** JSON is YAML. */
  function writeConfig(settings: Record<string, unknown>): void {
    writeFileSync(configPath, JSON.stringify({ port: 0, 'auth-dir': './auth', 'data-dir': './data', 'api-keys': [KEY_A], ...settings }));
  }

  function serve(...args: string[]): Serve {
    // node with tsx's loader rather than the tsx wrapper, so SIGTERM reaches the server itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/cli.ts', '--config', configPath, 'serve', ...args], {
      cwd: ROOT,
      env: { ...process.env, HOME: dir, SWITCHBOARD_LOG_LEVEL: 'info', SWITCHBOARD_LOG_FORMAT: 'json' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    running = { child, stdout: () => stdout, stderr: () => stderr, exit };
    return running;
  }

  async function listeningUrl(server: Serve): Promise<string> {
    await expect.poll(() => /listening on (http:\/\/\S+)/.exec(server.stdout())?.[1] ?? server.child.exitCode, { timeout: 20_000 }).toMatch(/^http:/);
    return /listening on (http:\/\/\S+)/.exec(server.stdout())?.[1] ?? '';
  }

  const models = (url: string, key: string) => fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } }).then((response) => response.status);

  it('refuses a port that is not a number with a clear message', async () => {
    const server = serve('--port', 'abc');
    expect(await server.exit).toBe(1);
    expect(server.stderr()).toContain("error: option '-p, --port <port>' argument 'abc' is invalid. give a port number from 0 to 65535 (0: any free port).");
    expect(server.stderr()).not.toMatch(/ERR_SOCKET_BAD_PORT|RangeError|at /);
  });

  it('names the option that chooses another port when its port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    try {
      const server = serve('--port', String((taken.address() as AddressInfo).port));
      expect(await server.exit).toBe(1);
      expect(server.stderr()).toMatch(/is already in use \(by another Switchboard, or another program\) — choose another port \(--port <number>, or "port:" in .*config\.yaml\)/);
    } finally {
      await new Promise((closed) => taken.close(closed));
    }
  });

  it('on 0.0.0.0 prints an address that works and warns that the network can reach it', async () => {
    const server = serve('--host', '0.0.0.0');
    const url = await listeningUrl(server);
    expect(server.stdout()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(this computer\)/);
    expect(server.stdout()).toContain('WARNING: listening on 0.0.0.0, Switchboard is reachable from the network');
    expect(server.stdout()).toContain('needs a Switchboard API key');
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('follows config.yaml: live settings at once, a restart named for the others, a broken file not taken', async () => {
    const server = serve();
    const url = await listeningUrl(server);
    expect(await models(url, KEY_B)).toBe(401);

    // A new key works without a restart; a new port waits for one, and the log says so.
    writeConfig({ 'api-keys': [KEY_A, KEY_B], port: 1 });
    await expect.poll(() => models(url, KEY_B), { timeout: 10_000 }).toBe(200);
    await expect.poll(server.stderr, { timeout: 10_000 }).toContain('"msg":"config file changed port: restart Switchboard to apply it (it keeps the running values until then)"');
    expect(server.stderr()).toContain('"msg":"config file reloaded: api-keys in effect now"');
    expect((await fetch(`${url}/health`)).status).toBe(200);

    // A file that does not validate changes nothing.
    writeFileSync(configPath, 'prot: 8317\n');
    await expect.poll(server.stderr, { timeout: 10_000 }).toContain('the config file changed but was not taken');
    expect(await models(url, KEY_B)).toBe(200);

    // POST /admin/reload reads it too, and answers what happened.
    const reload = async () => (await fetch(`${url}/admin/reload`, { method: 'POST', headers: { authorization: `Bearer ${KEY_A}` } }).then((response) => response.json())) as { config: unknown };
    expect((await reload()).config).toMatchObject({ applied: [], restartNeeded: [], problem: expect.stringMatching(/prot: unknown key/) });
    writeConfig({ 'api-keys': [KEY_A], port: 1 });
    await expect.poll(() => models(url, KEY_B), { timeout: 10_000 }).toBe(401);
    expect((await reload()).config).toEqual({ applied: [], restartNeeded: ['port'], problem: null });
  });
});
