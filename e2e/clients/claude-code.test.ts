import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientService } from '../../proxy/clients/client-service.js';
import { standaloneModelCatalog } from '../../proxy/clients/standalone-model-catalog.js';
import { CLAUDE_CODE_SYSTEM_PROMPT } from '../../proxy/providers/anthropic/constants.js';
import { databasePath, openDatabase } from '../../proxy/usage/database.js';
import { KeyStore } from '../../proxy/usage/key-store.js';
import type { RecordedRequest } from '../stand-ins/anthropic-api.js';
import { startStack, TEST_API_KEY, type Stack } from '../integration/harness.js';
import { CLAUDE_PACKAGE_JSON, CLAUDE_RUN_TIMEOUT_MS, CLAUDE_SKIP_REASON, claudeInstalled, runClaude, type ClaudeRun } from './claude-cli.js';

/**
 * The real Claude Code CLI, pointed at Switchboard (ANTHROPIC_BASE_URL + the Switchboard key), answers a
 * prompt through the logged-in account of the stand-in Anthropic API.
 *
 * Claude Code is not a dependency of the app: it lives in e2e/clients/package.json (pinned, ~380 MB with its
 * native binary) and is installed with `npm ci --prefix e2e/clients`. Without it these tests are skipped;
 * CI installs it, so there they run. Re-measure CLIENTS.md when the pinned version changes.
 */

const PACKAGE_JSON = CLAUDE_PACKAGE_JSON;
const installed = claudeInstalled;
const SKIP_REASON = CLAUDE_SKIP_REASON;
if (!installed) console.warn(`claude-code.test.ts skipped — ${SKIP_REASON}`);

const RUN_TIMEOUT_MS = CLAUDE_RUN_TIMEOUT_MS;

/** The JSON `claude -p --output-format json` prints (only the fields asserted here). */
interface ClaudeResult {
  type: string;
  subtype: string;
  is_error: boolean;
  result: string;
  session_id: string;
}

interface ClaudeCodeBody {
  model: string;
  system: { type: string; text: string }[];
  metadata: { user_id: string };
  messages: unknown[];
  tools: unknown[];
}

describe.skipIf(!installed)(installed ? 'Claude Code CLI through Switchboard' : `Claude Code CLI through Switchboard (${SKIP_REASON})`, () => {
  let stack: Stack;
  const temporary: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs `claude -p` (claude-cli.ts) with the credentials given; a home that Switchboard configured carries its own
   * settings, so the environment then names no base URL.
   */
  function runClaudeWith(prompt: string, credentials: Record<string, string>, configuredHome?: string): Promise<ClaudeRun> {
    const env = { ...(configuredHome ? {} : { ANTHROPIC_BASE_URL: stack.url }), ...credentials };
    return runClaude(prompt, env, { keep: (dir) => temporary.push(dir), ...(configuredHome ? { home: configuredHome } : {}) });
  }

  /** Runs one prompt asking for a unique answer and checks the CLI printed exactly that answer. */
  async function completesPrompt(credentials: Record<string, string>, configuredHome?: string): Promise<{ output: ClaudeResult; upstream: RecordedRequest[] }> {
    const expected = `SWITCHBOARD-OK-${randomBytes(6).toString('hex')}`;
    const before = stack.api.requests.length;
    const run = await runClaudeWith(`Please say exactly ${expected}`, credentials, configuredHome);
    const diagnostics = `exit ${run.code} (signal ${run.signal})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
    expect(run.code, diagnostics).toBe(0);
    const output = JSON.parse(run.stdout) as ClaudeResult;
    expect(output, diagnostics).toMatchObject({ type: 'result', subtype: 'success', is_error: false, result: expected });
    return { output, upstream: stack.api.requests.slice(before) };
  }

  /** What reached the stand-in: Claude Code's own request, with the account's token instead of the client key. */
  function expectClaudeCodeRequests(upstream: RecordedRequest[], output: ClaudeResult): void {
    const messages = upstream.filter((request) => request.method === 'POST' && request.path === '/v1/messages?beta=true');
    expect(messages.length, `upstream requests: ${upstream.map((request) => `${request.method} ${request.path}`).join(', ')}`).toBeGreaterThanOrEqual(1);
    const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

    for (const request of messages) {
      const { headers } = request;
      expect(headers.authorization).toMatch(/^Bearer sk-ant-oat01-standin-/);
      expect(headers['x-api-key']).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(TEST_API_KEY);
      expect(headers['anthropic-beta']?.split(',')).toEqual(expect.arrayContaining(['claude-code-20250219', 'oauth-2025-04-20']));

      // Claude Code's own identity went through: the request profile (user agent "(external, cli)", its own
      // session id, an extra first system block) is for other clients only.
      expect(headers['user-agent']).toBe(`claude-cli/${version} (external, sdk-cli)`);
      expect(headers['x-app']).toBe('cli');
      expect(headers['x-claude-code-session-id']).toBe(output.session_id);

      const body = request.body as ClaudeCodeBody;
      const systemTexts = body.system.map((block) => block.text);
      expect(systemTexts).not.toContain(CLAUDE_CODE_SYSTEM_PROMPT);
      expect(systemTexts[0]).toMatch(/^x-anthropic-billing-header: cc_version=/);
      expect(JSON.parse(body.metadata.user_id)).toMatchObject({ session_id: output.session_id });
      expect(body.tools.length).toBeGreaterThan(0);
    }
  }

  it(
    'completes a prompt with the key as ANTHROPIC_AUTH_TOKEN (Authorization: Bearer)',
    async () => {
      const { output, upstream } = await completesPrompt({ ANTHROPIC_AUTH_TOKEN: TEST_API_KEY });
      expectClaudeCodeRequests(upstream, output);
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it(
    'completes a prompt with the key as ANTHROPIC_API_KEY (x-api-key)',
    async () => {
      const { output, upstream } = await completesPrompt({ ANTHROPIC_API_KEY: TEST_API_KEY });
      expectClaudeCodeRequests(upstream, output);
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  /** The usage rows of the newest requests (what the dashboard's Requests view shows). */
  async function recentRequests(): Promise<{ modelRequested: string | null; modelServed: string | null; costUsd: number | null; status: number }[]> {
    const response = await fetch(`${stack.url}/admin/requests?limit=20`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    return ((await response.json()) as { requests: { modelRequested: string | null; modelServed: string | null; costUsd: number | null; status: number }[] }).requests;
  }

  it(
    'serves and prices its default model, which no hand-written list knew',
    async () => {
      const { upstream } = await completesPrompt({ ANTHROPIC_AUTH_TOKEN: TEST_API_KEY });
      const models = new Set(upstream.filter((request) => request.path === '/v1/messages?beta=true').map((request) => (request.body as ClaudeCodeBody).model));
      const rows = (await recentRequests()).filter((row) => row.status === 200 && row.modelRequested !== null && models.has(row.modelRequested));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.costUsd, `${row.modelRequested} is unpriced`).toBeGreaterThan(0);
      // Claude Code's own default is the newest Opus, which the alias resolves to from the live model list.
      const listed = (await (await fetch(`${stack.url}/v1/models`, { headers: { 'x-api-key': TEST_API_KEY } })).json()) as { data: { id: string; display_name: string }[] };
      const opus = listed.data.find((model) => model.id === 'opus');
      expect([...models].some((model) => opus?.display_name === `opus → ${model}`), `sent ${[...models].join(', ')}; ${opus?.display_name}`).toBe(true);
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it(
    'with ANTHROPIC_MODEL=opus, the request is served by the newest Opus',
    async () => {
      const { upstream } = await completesPrompt({ ANTHROPIC_AUTH_TOKEN: TEST_API_KEY, ANTHROPIC_MODEL: 'opus' });
      const sent = upstream.filter((request) => request.path === '/v1/messages?beta=true').map((request) => (request.body as ClaudeCodeBody).model);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((model) => model === 'claude-opus-5-5'), sent.join(', ')).toBe(true);
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it(
    'gives up at once on a key Switchboard refuses, as its x-should-retry: false asks',
    async () => {
      const run = await runClaudeWith('hi', { ANTHROPIC_AUTH_TOKEN: 'sk-sb-not-a-key-of-ours-0000' });
      const diagnostics = `exit ${run.code} (signal ${run.signal})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
      // Without the header it retries the 401 for about three minutes (measured: 178 s) and is killed at RUN_TIMEOUT_MS.
      expect(run.signal, diagnostics).toBeNull();
      expect(run.code, diagnostics).toBe(1);
      expect(JSON.parse(run.stdout) as ClaudeResult, diagnostics).toMatchObject({ type: 'result', is_error: true, result: expect.stringMatching(/invalid API key/i) });
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it(
    'completes a prompt when configured only by Switchboard, and restore puts the home back as it was',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'sb-claude-configured-'));
      temporary.push(home);
      const db = openDatabase(databasePath(stack.config['data-dir']));
      try {
        const models = () => standaloneModelCatalog(stack.config, stack.url);
        const service = new ClientService({ keys: new KeyStore(db), dataDir: stack.config['data-dir'], baseUrl: stack.url, models, home, env: {} });
        const configured = await service.configure('claude-code');
        expect(configured.changed).toEqual(expect.arrayContaining(['ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN']));
        expect(await service.status('claude-code')).toMatchObject({ configured: true, pointsHere: true, keyValid: true });

        const { output, upstream } = await completesPrompt({}, home);
        expectClaudeCodeRequests(upstream, output);

        const restored = await service.restore('claude-code');
        expect(restored.revokedKey).toBe(configured.keyId);
        expect(existsSync(join(home, '.claude', 'settings.json'))).toBe(false);
      } finally {
        db.close();
      }
    },
    RUN_TIMEOUT_MS + 30_000,
  );
});
