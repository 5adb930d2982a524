import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ada } from '../stand-ins/codex-identity.js';
import type { RecordedRequest } from '../stand-ins/http-request.js';
import { inputOf, startCodexStack, type BackendInputItem, type CodexStack } from '../integration/codex-stack.js';
import { runCli, runSwitchboardCli } from './run-cli.js';

/**
 * Issue #16's Done-when for the real Codex CLI: configured only by `switchboard clients configure codex` (the real
 * command, in a fresh HOME), it holds a multi-turn tool conversation through Responses passthrough on a ChatGPT
 * login. The backend stand-in asks it to run a harmless command (`pwd`) with the shell tool Codex offers; Codex
 * runs it and sends the output; the backend answers from that output; then `codex exec resume --last` asks a
 * question the backend answers only from the first turn's history. Skipped without the CLI
 * (`npm ci --prefix e2e/clients`).
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const CODEX = join(HERE, 'node_modules', '.bin', 'codex');
const installed = existsSync(CODEX);
const RUN_TIMEOUT_MS = 90_000;
const ADA = ada('pro');
/** Codex 0.171.0's shell tool: `exec_command` with `{"cmd": …}` (read from its request's `tools`). */
const SHELL_TOOL = 'exec_command';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One line of `codex exec --json`. */
interface CodexEvent {
  type: string;
  item?: { type: string; text?: string; command?: string; aggregated_output?: string; exit_code?: number | null };
}

const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '')).join('') : '';

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Run> {
  return runCli(command, args, { ...options, timeoutMs: RUN_TIMEOUT_MS });
}

const eventsOf = (output: string): CodexEvent[] =>
  output
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as CodexEvent);

describe.skipIf(!installed)('the real Codex CLI, configured by `switchboard clients configure codex`, in a tool conversation on a ChatGPT login', () => {
  let stack: CodexStack;
  let home: string;
  let cwd: string;
  const backendInputs = (requests: readonly RecordedRequest[]) =>
    requests.filter((request) => request.path === '/backend-api/codex/responses').map(inputOf);

  beforeAll(async () => {
    stack = await startCodexStack([ADA]);
    home = mkdtempSync(join(tmpdir(), 'sb-codex-conversation-home-'));
    // realpath: the directory `pwd` prints (TMPDIR may be a symlink).
    cwd = realpathSync(mkdtempSync(join(tmpdir(), 'sb-codex-conversation-cwd-')));
    mkdirSync(join(home, 'tmp'));
  });
  afterAll(async () => {
    await stack?.close();
    for (const dir of [home, cwd]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** `switchboard <args>` as a person runs it in `home`, with a config for this stack (its port, data and providers). */
  function switchboard(args: string[]): Promise<Run> {
    const config = {
      host: '127.0.0.1',
      port: Number(new URL(stack.url).port),
      'auth-dir': stack.config['auth-dir'],
      'data-dir': stack.config['data-dir'],
      'api-keys': stack.config['api-keys'],
      providers: { anthropic: { enabled: false }, codex: { 'base-url': stack.backend.baseUrl, oauth: { issuer: stack.auth.url } } },
    };
    return runSwitchboardCli(args, { home, config, timeoutMs: RUN_TIMEOUT_MS });
  }

  /**
   * `codex exec` with only what keeps it offline and non-interactive on the command line: the provider, base URL,
   * key and model come from the files `clients configure codex` wrote. No sandbox: whether Codex's can start depends
   * on the machine (bubblewrap needs user namespaces), and the one command run is the stand-in's `pwd`, which the
   * test must see really run.
   */
  function codex(subcommand: string[], prompt: string): Promise<Run> {
    const offline = ['features.plugins=false', 'analytics.enabled=false', 'feedback.enabled=false', 'check_for_update_on_startup=false', 'approval_policy="never"', 'sandbox_mode="danger-full-access"'];
    return run(CODEX, ['exec', ...subcommand, '--skip-git-repo-check', '--strict-config', '--json', ...offline.flatMap((setting) => ['-c', setting]), prompt], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: join(home, 'tmp') },
    });
  }

  it(
    'runs the command the backend asks for, answers from its output, and answers a resumed turn from the history',
    async () => {
      const configured = await switchboard(['clients', 'configure', 'codex']);
      expect(configured.code, `stdout: ${configured.stdout}\nstderr: ${configured.stderr}`).toBe(0);

      const before = stack.backend.requests.length;
      const first = await codex([], `Please use ${SHELL_TOOL} for pwd`);
      const firstDiagnostics = `exit ${first.code}\nstdout: ${first.stdout}\nstderr: ${first.stderr}`;
      expect(first.code, firstDiagnostics).toBe(0);
      const firstEvents = eventsOf(first.stdout);
      const command = firstEvents.find((event) => event.type === 'item.completed' && event.item?.type === 'command_execution')?.item;
      expect(command?.command, firstDiagnostics).toMatch(/\bpwd$/);
      expect(command?.aggregated_output?.trim(), firstDiagnostics).toBe(cwd);

      // The first turn: the prompt, then the call and the output of the command Codex really ran, tied by call id.
      const firstInputs = backendInputs(stack.backend.requests.slice(before));
      expect(firstInputs, firstDiagnostics).toHaveLength(2);
      const call = firstInputs[1]!.find((item) => item.type === 'function_call');
      const output = firstInputs[1]!.find((item) => item.type === 'function_call_output');
      expect(call).toMatchObject({ name: SHELL_TOOL });
      expect(JSON.parse(call?.arguments ?? '{}')).toMatchObject({ cmd: 'pwd' });
      expect(output?.call_id).toBe(call?.call_id);
      expect(textOf(output?.output)).toContain(cwd);
      const firstAnswer = firstEvents.findLast((event) => event.type === 'item.completed' && event.item?.type === 'agent_message')?.item?.text ?? '';
      expect(firstAnswer).toMatch(/^Tool result received: /);
      expect(firstAnswer).toContain(cwd);

      // The second turn, resumed from Codex's saved session: the backend can answer only from the history it is sent.
      const resumedFrom = stack.backend.requests.length;
      const second = await codex(['resume', '--last'], 'What was the earlier tool result?');
      const secondDiagnostics = `exit ${second.code}\nstdout: ${second.stdout}\nstderr: ${second.stderr}`;
      expect(second.code, secondDiagnostics).toBe(0);
      const secondInputs = backendInputs(stack.backend.requests.slice(resumedFrom));
      expect(secondInputs, secondDiagnostics).toHaveLength(1);
      const history = secondInputs[0]!;
      const at = (predicate: (item: BackendInputItem) => boolean) => history.findIndex(predicate);
      const asked = at((item) => item.role === 'user' && textOf(item.content).includes(`Please use ${SHELL_TOOL} for pwd`));
      const called = at((item) => item.type === 'function_call' && item.call_id === call?.call_id);
      const answered = at((item) => item.type === 'function_call_output' && item.call_id === call?.call_id && textOf(item.output).includes(cwd));
      const replied = at((item) => item.role === 'assistant' && textOf(item.content) === firstAnswer);
      const askedAgain = at((item) => item.role === 'user' && textOf(item.content).includes('What was the earlier tool result?'));
      expect([asked, called, answered, replied, askedAgain].every((index) => index >= 0), JSON.stringify(history, null, 1)).toBe(true);
      expect([asked, called, answered, replied, askedAgain]).toEqual([...[asked, called, answered, replied, askedAgain]].sort((a, b) => a - b));
      // The model's reasoning before the call and before the answer comes back encrypted as the backend wrote it (it refuses any other).
      const reasoning = history.flatMap((item, index) => (item.type === 'reasoning' ? [{ index, encrypted: item.encrypted_content }] : []));
      expect(reasoning.map((item) => item.index), JSON.stringify(history, null, 1)).toEqual([expect.any(Number), expect.any(Number)]);
      expect(reasoning[0]!.index).toBeGreaterThan(asked);
      expect(reasoning[0]!.index).toBeLessThan(called);
      expect(reasoning[1]!.index).toBeGreaterThan(answered);
      expect(reasoning[1]!.index).toBeLessThan(replied);
      for (const item of reasoning) expect(item.encrypted).toMatch(/^gAAAAB/);
      const secondAnswer = eventsOf(second.stdout).findLast((event) => event.type === 'item.completed' && event.item?.type === 'agent_message')?.item?.text ?? '';
      expect(secondAnswer, secondDiagnostics).toMatch(/^The earlier tool result was: /);
      expect(secondAnswer).toContain(cwd);
    },
    2 * RUN_TIMEOUT_MS + 30_000,
  );
});
