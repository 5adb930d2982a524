/**
 * The Codex device-code login (PROTOCOLS.md §2 "Login B") through the seam's waiting-login runner: `switchboard
 * login codex --device` as a child process and POST /admin/accounts/login on a running Switchboard, each against
 * the Codex auth stand-in, with this test as the person who enters the code on the verification page.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAccountFile } from '../../proxy/accounts/token-store.js';
import { startCodexAuthStandIn, type CodexAuthStandIn } from '../stand-ins/codex-auth.js';
import { ada, type CodexUser } from '../stand-ins/codex-identity.js';
import { CodexTokenRegistry } from '../stand-ins/codex-tokens.js';
import { startCodexStack, type CodexStack } from './codex-stack.js';
import { adminCall, TEST_API_KEY } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const ADA = ada('pro');
const BEA: CodexUser = { email: 'bea@example.com', userId: 'user-bea', accountId: 'ws-bea', plan: 'plus' };
const USER_CODE = /^ {4}([0-9A-F]{4}-[0-9A-F]{6})$/m;

describe('switchboard login codex --device', () => {
  const tokens = new CodexTokenRegistry();
  let auth: CodexAuthStandIn;
  let dir: string;

  beforeAll(async () => {
    auth = await startCodexAuthStandIn({ tokens });
    auth.signInAs(ADA);
    dir = await mkdtemp(join(tmpdir(), 'switchboard-codex-device-'));
  });
  afterAll(async () => {
    await auth.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the verification page and the code, polls until the code is approved, and saves the account', async () => {
    const configPath = join(dir, 'config.yaml');
    await writeFile(configPath, JSON.stringify({ 'auth-dir': join(dir, 'auth'), 'data-dir': join(dir, 'data'), providers: { codex: { oauth: { issuer: auth.url } } } }));
    const child = spawn(TSX, ['proxy/cli.ts', '--config', configPath, 'login', 'codex', '--device'], { cwd: ROOT, env: { ...process.env, HOME: dir }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let approved = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const code = USER_CODE.exec(stdout)?.[1];
      if (code && !approved) {
        approved = true;
        auth.approveDevice(code);
      }
    });
    const exit = await new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
    expect(exit, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    expect(stdout).toContain(`open this page in any browser:\n\n    ${auth.url}/codex/device\n\nand enter the code:`);
    expect(stdout).toContain('The code is good for 15 minutes.');
    expect(stdout).toMatch(/Logged in as ada@example.com/);
    const polls = auth.requests.filter((request) => request.path === '/api/accounts/deviceauth/token');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    const exchange = auth.requests.find((request) => request.path === '/oauth/token');
    expect(exchange?.rawBody).toContain(`redirect_uri=${encodeURIComponent(`${auth.url}/deviceauth/callback`)}`);
    const [file] = await readdir(join(dir, 'auth'));
    expect(parseAccountFile(await readFile(join(dir, 'auth', file!), 'utf8'))).toMatchObject({ provider: 'codex', email: ADA.email, chatgpt_account_id: ADA.accountId, chatgpt_user_id: ADA.userId, source: 'login' });
  });
});

describe('admin API: a Codex device-code login', () => {
  let stack: CodexStack;

  beforeAll(async () => {
    stack = await startCodexStack([]);
    stack.auth.signInAs(BEA);
  });
  afterAll(() => stack.close());

  it('answers the code and its page, polls in the server, and the account serves once the code is approved', async () => {
    const { status, body } = await adminCall<{ kind: string; userCode: string; verificationUrl: string; status: string }>(stack, 'POST', '/admin/accounts/login', { provider: 'codex', method: 'device' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ kind: 'device-code', method: { kind: 'device-code', id: 'device' }, verificationUrl: `${stack.auth.url}/codex/device`, renews: null });
    expect((await adminCall(stack, 'GET', body.status)).body).toEqual({ status: 'pending' });
    stack.auth.approveDevice(body.userCode);
    let answer = await adminCall<{ status: string; account?: { email: string } }>(stack, 'GET', body.status);
    while (answer.body.status === 'pending') {
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
      answer = await adminCall(stack, 'GET', body.status);
    }
    expect(answer.body).toMatchObject({ status: 'done', account: { email: BEA.email } });
    const accounts = await stack.store.accountsOf('codex');
    expect(accounts.map((account) => account.data.email)).toEqual([BEA.email]);
    const served = await fetch(`${stack.url}/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5.5', input: 'Say exactly: logged in by code' }) });
    expect(served.status).toBe(200);
    expect(((await served.json()) as { output_text?: string; output: Array<{ content?: Array<{ text?: string }> }> }).output.at(-1)?.content?.[0]?.text).toBe('logged in by code');
  });
});
