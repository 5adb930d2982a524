import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standaloneModelCatalog } from '../../proxy/clients/standalone-model-catalog.js';
import type { RecordedRequest } from '../stand-ins/anthropic-api.js';
import { startStack, TEST_API_KEY, type Stack } from '../integration/harness.js';
import { codexTestConfig, switchboardProvider } from './codex-config.js';
import { runCli, runSwitchboardCli } from './run-cli.js';

/**
 * The real Codex CLI, configured with a custom `responses` provider pointing at Switchboard, answers a prompt
 * (and runs one of its own tools) through the logged-in Claude account of the stand-in Anthropic API.
 *
 * Codex is not a dependency of the app: it lives in e2e/clients/package.json (pinned, ~400 MB with its native
 * binary) and is installed with `npm ci --prefix e2e/clients`. Without it these tests are skipped; CI installs
 * it, so there they run. Re-measure CLIENTS.md when the pinned version changes.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
const CODEX = join(HERE, 'node_modules', '.bin', 'codex');
const PACKAGE_JSON = join(HERE, 'node_modules', '@openai', 'codex', 'package.json');
const installed = existsSync(CODEX) && existsSync(PACKAGE_JSON);
const SKIP_REASON = 'Codex is not installed in e2e/clients: run `npm ci --prefix e2e/clients` to run these tests';
if (!installed) console.warn(`codex.test.ts skipped — ${SKIP_REASON}`);

const RUN_TIMEOUT_MS = 90_000;
const MODEL = 'claude-sonnet-4-6';
/** What Anthropic accepts as a tool name; Codex's namespaces and custom tools must arrive flattened to this. */
const PLAIN_TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The user config of a throwaway CODEX_HOME. `--strict-config` makes Codex refuse any key it does not know,
 * so a renamed key shows up as a failure when the pinned version changes.
 * - approval_policy never: `codex exec` cannot ask anyone; a command that needs approval fails instead.
 * - sandbox_mode read-only: the one command the tool test makes Codex run (`pwd`) cannot write anything.
 * - check_for_update_on_startup, analytics, feedback, features.plugins off: nothing but Switchboard is
 *   contacted (the curated-plugin sync otherwise tries git/api.github.com/chatgpt.com at every start).
 * - The provider's env_key is all the auth Codex needs: no `codex login`, no OPENAI_API_KEY.
 */
function codexConfig(switchboardUrl: string): string {
  return codexTestConfig([`model = "${MODEL}"`, 'model_provider = "switchboard"'], switchboardProvider(switchboardUrl));
}

interface CodexRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** What `--output-last-message` wrote, '' when it wrote nothing. */
  lastMessage: string;
}

/** One request Codex made to Switchboard, seen by the recording relay between them. */
interface RelayedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number;
  /** The response body as text (for /v1/responses: the SSE stream). */
  response: string;
}

interface RecordingRelay {
  url: string;
  requests: RelayedRequest[];
  close(): Promise<void>;
}

/**
 * A pass-through in front of Switchboard that records what Codex sends and what it gets back, so the test can
 * check both sides of the translation (the stand-in records the upstream side).
 */
async function startRecordingRelay(target: string): Promise<RecordingRelay> {
  const requests: RelayedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      const record: RelayedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, status: 0, response: '' };
      requests.push(record);
      const forward = httpRequest(new URL(record.path, target), { method: record.method, headers: req.headers }, (upstream) => {
        record.status = upstream.statusCode ?? 0;
        res.writeHead(record.status, upstream.headers);
        upstream.on('data', (chunk: Buffer) => {
          record.response += chunk.toString('utf8');
          res.write(chunk);
        });
        upstream.on('end', () => res.end());
      });
      forward.on('error', () => res.destroy());
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

interface ResponsesInputItem {
  type?: string;
  role?: string;
  content?: { type: string; text?: string }[] | string;
  name?: string;
  arguments?: string;
  call_id?: string;
  output?: unknown;
}

interface ResponsesTool {
  type: string;
  name?: string;
  tools?: ResponsesTool[];
}

interface CodexResponsesBody {
  model: string;
  stream: boolean;
  input: ResponsesInputItem[];
  tools?: ResponsesTool[];
  instructions?: unknown;
}

interface AnthropicBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
}

interface AnthropicBody {
  model: string;
  system?: { type: string; text: string }[] | string;
  messages: { role: string; content: AnthropicBlock[] | string }[];
  tools?: { name: string; input_schema?: unknown; type?: string }[];
  stream?: boolean;
}

/** One line of `codex exec --json`. */
interface CodexEvent {
  type: string;
  item?: { id: string; type: string; text?: string; command?: string; aggregated_output?: string; exit_code?: number | null; status?: string };
}

function textsOf(content: ResponsesInputItem['content']): string[] {
  if (typeof content === 'string') return [content];
  return (content ?? []).map((part) => part.text ?? '');
}

function blocksOf(content: AnthropicBlock[] | string): AnthropicBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

describe.skipIf(!installed)(installed ? 'Codex CLI through Switchboard' : `Codex CLI through Switchboard (${SKIP_REASON})`, () => {
  let stack: Stack;
  let relay: RecordingRelay;
  const temporary: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    relay = await startRecordingRelay(stack.url);
  });
  afterAll(async () => {
    await relay?.close();
    await stack?.close();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs `codex exec` in a throwaway HOME, CODEX_HOME, TMPDIR and working directory with only the environment
   * it needs: nothing of the machine's own Codex login or config can leak in. Codex runs as its own process
   * group (the npm wrapper spawns the native binary on Node < 22.15), so a timeout kills both.
   */
  function runCodex(args: string[]): Promise<CodexRun> {
    const home = mkdtempSync(join(tmpdir(), 'sb-codex-home-'));
    const cwd = mkdtempSync(join(tmpdir(), 'sb-codex-cwd-'));
    const tmp = mkdtempSync(join(tmpdir(), 'sb-codex-tmp-'));
    temporary.push(home, cwd, tmp);
    const codexHome = join(home, '.codex');
    mkdirSync(codexHome);
    writeFileSync(join(codexHome, 'config.toml'), codexConfig(relay.url));
    const lastMessageFile = join(tmp, 'last-message.txt');
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      CODEX_HOME: codexHome,
      TMPDIR: tmp,
      SWITCHBOARD_API_KEY: TEST_API_KEY,
    };
    const argv = ['exec', '--skip-git-repo-check', '--strict-config', '--color', 'never', '--output-last-message', lastMessageFile, ...args];
    return runCli(CODEX, argv, { cwd, env, timeoutMs: RUN_TIMEOUT_MS }).then((run) => ({
      ...run,
      lastMessage: existsSync(lastMessageFile) ? readFileSync(lastMessageFile, 'utf8') : '',
    }));
  }

  function diagnosticsOf(run: CodexRun): string {
    return `exit ${run.code} (signal ${run.signal})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
  }

  /** Runs Codex and returns what it sent to Switchboard and what Switchboard sent upstream meanwhile. */
  async function runThroughSwitchboard(args: string[]): Promise<{ run: CodexRun; client: RelayedRequest[]; upstream: RecordedRequest[] }> {
    const beforeClient = relay.requests.length;
    const beforeUpstream = stack.api.requests.length;
    const run = await runCodex(args);
    expect(run.code, diagnosticsOf(run)).toBe(0);
    return { run, client: relay.requests.slice(beforeClient), upstream: stack.api.requests.slice(beforeUpstream) };
  }

  /**
   * Codex's side: only `POST /v1/responses` (no /v1/models or anything else), with the Switchboard key as a
   * bearer token, each answered 200 with a stream that completed (Codex fails a run without
   * `response.completed`).
   */
  function expectCodexRequests(client: RelayedRequest[]): CodexResponsesBody[] {
    const summary = client.map((request) => `${request.method} ${request.path} → ${request.status}`).join(', ');
    expect(client.length, summary).toBeGreaterThanOrEqual(1);
    for (const request of client) {
      expect(`${request.method} ${request.path}`, summary).toBe('POST /v1/responses');
      expect(request.status, request.response).toBe(200);
      expect(request.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
      expect(request.headers.originator).toBe('codex_exec');
      expect(request.response).toContain('event: response.completed');
      expect(request.response).not.toContain('event: response.failed');
      const body = request.body as CodexResponsesBody;
      expect(body).toMatchObject({ model: MODEL, stream: true });
    }
    return client.map((request) => request.body as CodexResponsesBody);
  }

  /** The upstream side: one `POST /v1/messages` per Codex request, on the account's token, translated. */
  function expectUpstreamRequests(upstream: RecordedRequest[], codexBodies: CodexResponsesBody[]): AnthropicBody[] {
    const messages = upstream.filter((request) => request.method === 'POST' && new URL(request.path, 'http://x').pathname === '/v1/messages');
    expect(messages.length, `upstream requests: ${upstream.map((request) => `${request.method} ${request.path}`).join(', ')}`).toBe(codexBodies.length);
    messages.forEach((request, index) => {
      const { headers } = request;
      expect(headers.authorization).toMatch(/^Bearer sk-ant-oat01-standin-/);
      expect(headers['x-api-key']).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(TEST_API_KEY);
      expect(headers['anthropic-beta']?.split(',')).toContain('oauth-2025-04-20');

      const body = request.body as AnthropicBody;
      const codex = codexBodies[index] as CodexResponsesBody;
      expect(body.model).toBe(MODEL);
      expect(body.stream).toBe(true);

      // Codex sends no `instructions`: its system prompt is `developer` input messages, which must reach
      // Claude as system text, not as conversation turns.
      expect(codex.instructions).toBeUndefined();
      const developerTexts = codex.input.filter((item) => item.role === 'developer').flatMap((item) => textsOf(item.content));
      expect(developerTexts.length).toBeGreaterThan(0);
      const systemText = typeof body.system === 'string' ? body.system : (body.system ?? []).map((block) => block.text).join('\n');
      for (const text of developerTexts) expect(systemText).toContain(text.trim());
      expect(body.messages.map((message) => message.role)).not.toContain('developer');
      expect(body.messages.map((message) => message.role)).not.toContain('system');

      // Codex's tools: plain functions keep their names, namespace members are flattened to one plain name,
      // OpenAI-hosted tools (web_search) are dropped; every upstream tool is a client tool with a schema.
      const upstreamNames = (body.tools ?? []).map((tool) => tool.name);
      for (const name of upstreamNames) expect(name).toMatch(PLAIN_TOOL_NAME);
      for (const tool of body.tools ?? []) {
        expect(tool.type).toBeUndefined();
        expect(tool.input_schema).toBeTypeOf('object');
      }
      const codexTools = codex.tools ?? [];
      for (const tool of codexTools.filter((entry) => entry.type === 'function')) expect(upstreamNames).toContain(tool.name);
      for (const namespace of codexTools.filter((entry) => entry.type === 'namespace')) {
        for (const member of namespace.tools ?? []) expect(upstreamNames).toContain(`${namespace.name}__${member.name}`);
      }
      expect(upstreamNames).not.toContain('web_search');
    });
    return messages.map((request) => request.body as AnthropicBody);
  }

  it(
    'completes a prompt: codex exec prints the answer Claude gave',
    async () => {
      const expected = `CODEX-OK-${randomBytes(6).toString('hex')}`;
      const { run, client, upstream } = await runThroughSwitchboard([`Please say exactly ${expected}`]);

      // Without --json, codex exec prints only the final message on stdout (the transcript goes to stderr).
      expect(run.stdout.trim(), diagnosticsOf(run)).toBe(expected);
      expect(run.lastMessage.trim()).toBe(expected);

      const codexBodies = expectCodexRequests(client);
      expect(codexBodies).toHaveLength(1);
      const [body] = expectUpstreamRequests(upstream, codexBodies);
      const lastUser = body?.messages.findLast((message) => message.role === 'user');
      expect(blocksOf(lastUser?.content ?? []).map((block) => block.text)).toContain(`Please say exactly ${expected}`);
      expect(body?.tools?.map((tool) => tool.name)).toContain('exec_command');
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  /**
   * "use exec_command for pwd" makes the stand-in call Codex's shell tool with `{"cmd":"pwd"}`: Codex runs
   * `pwd` in its read-only sandbox in the throwaway working directory (harmless: it prints a path, writes
   * nothing), sends the output back as a `function_call_output`, and the stand-in acknowledges it. Whether
   * the sandbox can start depends on the machine (bubblewrap needs user namespaces), so the test checks that
   * whatever the command printed went through, not that it printed the directory.
   */
  it(
    'runs a tool round trip: Claude calls exec_command, Codex runs it and sends the output back',
    async () => {
      const { run, client, upstream } = await runThroughSwitchboard(['--json', 'Please use exec_command for pwd']);
      const diagnostics = diagnosticsOf(run);
      const events = run.stdout
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line) => JSON.parse(line) as CodexEvent);
      expect(events.map((event) => event.type), diagnostics).toContain('turn.completed');
      expect(events.map((event) => event.type), diagnostics).not.toContain('turn.failed');

      const command = events.find((event) => event.type === 'item.completed' && event.item?.type === 'command_execution')?.item;
      expect(command?.command, diagnostics).toMatch(/\bpwd$/);
      const commandOutput = command?.aggregated_output ?? '';

      // Codex: the first request asks, the second carries the call and its output.
      const codexBodies = expectCodexRequests(client);
      expect(codexBodies).toHaveLength(2);
      const followUp = (codexBodies[1] as CodexResponsesBody).input;
      const call = followUp.find((item) => item.type === 'function_call');
      const output = followUp.find((item) => item.type === 'function_call_output');
      expect(call).toMatchObject({ name: 'exec_command' });
      expect(JSON.parse(call?.arguments ?? '{}')).toEqual({ cmd: 'pwd' });
      expect(output?.call_id).toBe(call?.call_id);

      // Upstream: the second request repeats the tool_use and answers it with a tool_result holding the output.
      const [, second] = expectUpstreamRequests(upstream, codexBodies);
      const blocks = (second?.messages ?? []).flatMap((message) => blocksOf(message.content));
      const toolUse = blocks.find((block) => block.type === 'tool_use');
      const toolResult = blocks.find((block) => block.type === 'tool_result');
      expect(toolUse).toMatchObject({ name: 'exec_command', input: { cmd: 'pwd' } });
      expect(toolResult?.tool_use_id).toBe(toolUse?.id);
      const resultText = JSON.stringify(toolResult?.content);
      if (commandOutput.trim()) expect(resultText).toContain(JSON.stringify(commandOutput.trim()).slice(1, -1));

      // Codex's final answer is the stand-in's acknowledgement of that tool result.
      const answer = events.findLast((event) => event.type === 'item.completed' && event.item?.type === 'agent_message')?.item?.text ?? '';
      expect(answer, diagnostics).toMatch(/^Tool result received: /);
      expect(run.lastMessage.trim()).toBe(answer.trim());
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  /** `switchboard <args>` as a person runs it, in `home`, with a config whose port is the recording relay's. */
  function switchboardCli(args: string[], home: string) {
    const config = {
      host: '127.0.0.1',
      port: Number(new URL(relay.url).port),
      'auth-dir': stack.config['auth-dir'],
      'data-dir': stack.config['data-dir'],
      'api-keys': stack.config['api-keys'],
      providers: { anthropic: { 'base-url': stack.api.url } },
    };
    return runSwitchboardCli(args, { home, config, timeoutMs: RUN_TIMEOUT_MS });
  }

  it(
    'after `switchboard clients configure codex` with no --model, Codex asks for a served model and gets its answer; restore puts the files back',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'sb-codex-configured-'));
      const cwd = mkdtempSync(join(tmpdir(), 'sb-codex-cwd-'));
      const tmp = mkdtempSync(join(tmpdir(), 'sb-codex-tmp-'));
      temporary.push(home, cwd, tmp);

      const configured = await switchboardCli(['clients', 'configure', 'codex'], home);
      expect(configured.code, `stdout: ${configured.stdout}\nstderr: ${configured.stderr}`).toBe(0);
      // The model it wrote is the one this Switchboard offers clients that need one, and it is served here.
      const catalog = await standaloneModelCatalog(stack.config, relay.url);
      const written = /^model = "(.+)"$/m.exec(readFileSync(join(home, '.codex', 'config.toml'), 'utf8'))?.[1];
      expect(written).toBe(catalog.suggested);
      const upstreamModel = catalog.resolve(written ?? '');
      expect(upstreamModel).not.toBeNull();
      expect(configured.stdout).toContain(`Model: ${written}, Switchboard's default`);

      const doctor = await switchboardCli(['clients', 'doctor', 'codex'], home);
      expect(doctor.stdout, doctor.stderr).toBe('No problems found.\n');

      const expected = `CODEX-OK-${randomBytes(6).toString('hex')}`;
      const beforeClient = relay.requests.length;
      const beforeUpstream = stack.api.requests.length;
      // Only what keeps Codex offline and non-interactive is given on the command line; Switchboard's settings
      // (provider, base URL, key, model) come from the files it wrote — no model flag, no key in the environment.
      const offline = ['features.plugins=false', 'analytics.enabled=false', 'feedback.enabled=false', 'check_for_update_on_startup=false', 'approval_policy="never"', 'sandbox_mode="read-only"'];
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(CODEX, ['exec', '--skip-git-repo-check', '--strict-config', '--color', 'never', ...offline.flatMap((setting) => ['-c', setting]), `Please say exactly ${expected}`], {
          cwd,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: tmp },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), RUN_TIMEOUT_MS);
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
      });
      expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
      expect(run.stdout.trim()).toBe(expected);

      const sent = relay.requests.slice(beforeClient);
      expect(sent.map((request) => `${request.method} ${request.path} → ${request.status}`)).toEqual(sent.map(() => 'POST /v1/responses → 200'));
      for (const request of sent) expect((request.body as CodexResponsesBody).model).toBe(written);
      const upstream = stack.api.requests.slice(beforeUpstream).filter((request) => new URL(request.path, 'http://x').pathname === '/v1/messages');
      expect(upstream.length).toBe(sent.length);
      for (const request of upstream) expect((request.body as AnthropicBody).model).toBe(upstreamModel);

      const restored = await switchboardCli(['clients', 'restore', 'codex'], home);
      expect(restored.stdout, restored.stderr).toMatch(/Revoked the key key_/);
      expect(existsSync(join(home, '.codex', 'config.toml'))).toBe(false);
    },
    RUN_TIMEOUT_MS + 60_000,
  );
});
