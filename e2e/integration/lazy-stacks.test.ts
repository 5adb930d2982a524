/**
 * Idle memory (issue #15): a provider's heavy transport is loaded when it is first used, not at start. Cursor's
 * Connect + protobuf stack weighs ~7 MB and most people have no Cursor login; `switchboard serve` runs as its own
 * process here, with every module it loads written down (module-loads/register.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../proxy/accounts/token-store.js';
import { saveCursorLogin } from '../../proxy/providers/cursor/account.js';
import { accountParts } from '../../proxy/providers/index.js';
import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN } from '../stand-ins/cursor-agent.js';
import { CursorAuthStandIn } from '../stand-ins/cursor-auth.js';
import { TEST_API_KEY, testConfig } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Any module of Cursor's Connect half: the generated code, Connect, protobuf, or the files that use them. */
const CURSOR_CONNECT_STACK = /@connectrpc\/|@bufbuild\/protobuf|cursor-agent\/gen\/|cursor-agent\/agent-(client|run-transport)\./;

/** The address `serve` prints once it listens; rejects with its output if it exits first. */
function listeningUrl(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolveUrl, reject) => {
    const read = (chunk: string) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolveUrl(url);
    };
    child.stdout!.setEncoding('utf8').on('data', read);
    child.stderr!.setEncoding('utf8').on('data', read);
    child.once('exit', (code) => reject(new Error(`switchboard serve exited (${code}) before it listened:\n${output}`)));
  });
}

describe("Cursor's Connect stack", () => {
  let agent: CursorAgentStandIn;
  let auth: CursorAuthStandIn;
  let home: string;
  let server: ChildProcess;
  let url: string;
  let loadsFile: string;
  const loadedCursorModules = () => (existsSync(loadsFile) ? readFileSync(loadsFile, 'utf8') : '').split('\n').filter((line) => CURSOR_CONNECT_STACK.test(line));

  beforeAll(async () => {
    agent = new CursorAgentStandIn();
    await agent.listen();
    auth = new CursorAuthStandIn({ accessTokens: [STAND_IN_CURSOR_TOKEN] });
    await auth.listen();
    home = mkdtempSync(join(tmpdir(), 'sb-lazy-stacks-'));
    loadsFile = join(home, 'module-loads.txt');
    const settings = { providers: { anthropic: { enabled: false }, cursor: { 'auth-url': auth.url, agent: { baseUrl: agent.url } } } };
    writeFileSync(join(home, 'config.yaml'), JSON.stringify({ port: 0, 'auth-dir': './auth', 'data-dir': './data', 'api-keys': [TEST_API_KEY], 'price-data': { 'auto-update': false }, ...settings }));
    // node with tsx's loader rather than the tsx wrapper, so SIGTERM reaches the server itself.
    server = spawn(process.execPath, ['--import', 'tsx', '--import', './e2e/integration/module-loads/register.mjs', 'proxy/cli.ts', '--config', join(home, 'config.yaml'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, HOME: home, RECORD_MODULE_LOADS_TO: loadsFile, SWITCHBOARD_LOG_LEVEL: 'warn' },
    });
    url = await listeningUrl(server);
  });
  afterAll(async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    await Promise.all([agent?.close(), auth?.close()]);
    rmSync(home, { recursive: true, force: true });
  });

  const chat = (model: string) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello' }] }),
    });

  it('is not loaded by a server without a Cursor login, even once it has answered', async () => {
    expect((await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).status).toBe(200);
    expect((await chat('cursor-claude-4.5-sonnet')).status).toBeGreaterThanOrEqual(400);
    expect(readFileSync(loadsFile, 'utf8')).toContain('proxy/providers/cursor/provider.ts');
    expect(loadedCursorModules()).toEqual([]);
  });

  it('is loaded once a Cursor login comes, and serves its first request', async () => {
    const config = testConfig(home, { providers: { anthropic: { enabled: false }, cursor: { 'auth-url': auth.url, agent: { baseUrl: agent.url } } } });
    const store = new TokenStore(config['auth-dir'], { parts: accountParts, sealer: null });
    await saveCursorLogin(config, { accessToken: STAND_IN_CURSOR_TOKEN, refreshToken: null }, { source: 'login', details: { machineId: STAND_IN_CURSOR_MACHINE_ID }, store });
    agent.answerNext({ steps: [{ text: 'hello from cursor' }] });
    await expect
      .poll(async () => {
        const answer = await chat('cursor-claude-4.5-sonnet');
        return answer.status === 200 ? ((await answer.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content : answer.status;
      }, { timeout: 20_000 })
      .toBe('hello from cursor');
    expect(loadedCursorModules()).toEqual(expect.arrayContaining([expect.stringMatching(/@connectrpc\/connect-node/), expect.stringMatching(/cursor-agent\/agent-client\.ts$/)]));
  });
});
