import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ada } from '../stand-ins/codex-identity.js';
import { startCodexStack, type CodexStack } from '../integration/codex-stack.js';
import { TEST_API_KEY } from '../integration/harness.js';
import { codexTestConfig, switchboardProvider } from './codex-config.js';
import { runCli } from './run-cli.js';

/**
 * Issue #16's goal: the real Codex CLI, pointed at Switchboard as a `responses` provider, answers through a ChatGPT
 * login — its requests pass through to the Codex backend stand-in with only the backend's named edits. Skipped
 * without the CLI (`npm ci --prefix e2e/clients`), as codex.test.ts is.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const CODEX = join(HERE, 'node_modules', '.bin', 'codex');
const installed = existsSync(CODEX);
const RUN_TIMEOUT_MS = 90_000;
const ADA = ada('pro');

function codexConfig(switchboardUrl: string): string {
  return codexTestConfig(['model = "gpt-5.5"', 'model_provider = "switchboard"'], switchboardProvider(switchboardUrl));
}

describe.skipIf(!installed)('the real Codex CLI through Switchboard on a ChatGPT login', () => {
  let stack: CodexStack;
  const temporary: string[] = [];

  beforeAll(async () => {
    stack = await startCodexStack([ADA]);
  });
  afterAll(async () => {
    await stack?.close();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  function runCodex(prompt: string): Promise<{ code: number | null; stdout: string; stderr: string; lastMessage: string }> {
    const home = mkdtempSync(join(tmpdir(), 'sb-codex-chatgpt-home-'));
    const cwd = mkdtempSync(join(tmpdir(), 'sb-codex-chatgpt-cwd-'));
    temporary.push(home, cwd);
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome);
    writeFileSync(join(codexHome, 'config.toml'), codexConfig(stack.url));
    const lastMessageFile = join(home, 'last-message.txt');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: codexHome, TMPDIR: home, SWITCHBOARD_API_KEY: TEST_API_KEY };
    const argv = ['exec', '--skip-git-repo-check', '--strict-config', '--color', 'never', '--output-last-message', lastMessageFile, prompt];
    return runCli(CODEX, argv, { cwd, env, timeoutMs: RUN_TIMEOUT_MS }).then((run) => ({
      ...run,
      lastMessage: existsSync(lastMessageFile) ? readFileSync(lastMessageFile, 'utf8') : '',
    }));
  }

  it('answers a prompt: Codex\'s own request reaches the backend with the forced fields, on the login\'s workspace', async () => {
    const before = stack.backend.requests.length;
    const run = await runCodex('Say exactly: hello from the real codex');
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(run.lastMessage.trim()).toBe('hello from the real codex');
    const sent = stack.backend.requests.slice(before).filter((request) => request.path === '/backend-api/codex/responses');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    for (const request of sent) {
      expect(request.headers['chatgpt-account-id']).toBe(ADA.accountId);
      expect(request.headers['authorization']).not.toContain(TEST_API_KEY);
      expect(request.body).toMatchObject({ model: 'gpt-5.5', stream: true, store: false, instructions: expect.any(String) });
    }
  }, RUN_TIMEOUT_MS + 10_000);
});
