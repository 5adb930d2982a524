import OpenAI from 'openai';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicStandIn, type AnthropicStandIn } from '../stand-ins/anthropic-api.js';
import { startOpenAIStandIn, type OpenAIStandIn } from '../stand-ins/openai-api.js';
import { TokenRegistry } from '../stand-ins/token-registry.js';
import { CLAUDE_RUN_TIMEOUT_MS, CLAUDE_SKIP_REASON, claudeInstalled, runClaude } from './claude-cli.js';
import { adminCall, startStack, TEST_API_KEY } from '../integration/harness.js';

/**
 * Issue #14's fallback chain with real clients: the Claude subscription is in a used-up 429 quota window, and a
 * Claude Code session (the real CLI) and an `openai` SDK session carry on, without an error, on the API-key targets
 * the routing table chains behind it — `anthropic-key:work` (the Anthropic stand-in in API-key mode) for the models
 * Claude Code sends, `openai-key:personal` (the OpenAI stand-in) for the OpenAI client's model. The usage rows say
 * which target served each request and which were tried.
 *
 * Skipped like claude-code.test.ts when Claude Code is not installed (`npm ci --prefix e2e/clients`).
 */

const installed = claudeInstalled;
const SKIP_REASON = CLAUDE_SKIP_REASON;
if (!installed) console.warn(`fallback-chain.test.ts skipped — ${SKIP_REASON}`);

const RUN_TIMEOUT_MS = CLAUDE_RUN_TIMEOUT_MS;
const WORK_KEY = 'sk-ant-api03-chain-work-0123456789';
const PERSONAL_KEY = 'sk-proj-chain-personal-0123456789';
const WORK = 'anthropic-key:work';
const PERSONAL = 'openai-key:personal';
/** What the OpenAI client asks for: Claude's Sonnet while the subscription lasts, then the personal OpenAI key. */
const CHAT_MODEL = 'claude-sonnet-4-6';

interface ChainStack {
  url: string;
  claude: AnthropicStandIn;
  work: AnthropicStandIn;
  personal: OpenAIStandIn;
  close(): Promise<void>;
}

async function startChainStack(): Promise<ChainStack> {
  const work = await startAnthropicStandIn({ tokens: new TokenRegistry(), apiKeys: [WORK_KEY] });
  const personal = await startOpenAIStandIn({ apiKeys: [PERSONAL_KEY] });
  const stack = await startStack({
    config: {
      routing: {
        models: {
          // Claude Code's default model (the newest Opus) and its small, fast model (a Haiku).
          'claude-opus-*': ['claude', WORK],
          'claude-haiku-*': ['claude', WORK],
          // A chain that crosses protocols: the Claude pool through the translation, then OpenAI passed through.
          [CHAT_MODEL]: ['claude', `${PERSONAL}/gpt-5-mini`],
        },
      },
    },
    keyInstances: [
      { provider: 'anthropic-key', instance: 'work', key: WORK_KEY, standIn: work },
      { provider: 'openai-key', instance: 'personal', key: PERSONAL_KEY, standIn: personal, baseUrl: `${personal.url}/v1` },
    ],
  });
  return { url: stack.url, claude: stack.api, work, personal, close: () => stack.close() };
}

interface RequestRow {
  provider: string | null;
  targetsTried: string[];
  modelRequested: string | null;
  status: number;
  outcome: string;
}

interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: unknown;
}

const postsTo = <T extends SeenRequest>(standIn: { requests: readonly T[] }, path: string): T[] =>
  standIn.requests.filter((request) => request.method === 'POST' && request.path.startsWith(path));

describe.skipIf(!installed)(installed ? 'a fallback chain behind a used-up Claude subscription, with real clients' : `a fallback chain with real clients (${SKIP_REASON})`, () => {
  let stack: ChainStack;
  const temporary: string[] = [];

  beforeAll(async () => {
    stack = await startChainStack();
    // The subscription's five-hour window is used up: the Claude stand-in answers 429 from now on.
    stack.claude.setUtilization(1, 0.5);
  });
  afterAll(async () => {
    await stack?.close();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  /** `claude -p` in a throwaway HOME, with only what it needs (see claude-code.test.ts). */
  const claude = (prompt: string, extraEnv: Record<string, string>) =>
    runClaude(prompt, { ANTHROPIC_BASE_URL: stack.url, ANTHROPIC_AUTH_TOKEN: TEST_API_KEY, ...extraEnv }, { keep: (dir) => temporary.push(dir) });

  async function requestRows(): Promise<RequestRow[]> {
    const { body } = await adminCall<{ requests: RequestRow[] }>(stack, 'GET', '/admin/requests?limit=50');
    return body.requests;
  }

  /**
   * Runs one prompt with a unique answer; checks the CLI printed it with exit 0, that the API key served every
   * request of the run, and returns the models the run sent there.
   */
  async function answersOnTheApiKey(extraEnv: Record<string, string>): Promise<string[]> {
    const before = postsTo(stack.work, '/v1/messages').length;
    const expected = `SWITCHBOARD-CHAIN-${randomBytes(6).toString('hex')}`;
    const run = await claude(`Please say exactly ${expected}`, extraEnv);
    const diagnostics = `exit ${run.code} (signal ${run.signal})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
    expect(run.code, diagnostics).toBe(0);
    expect(JSON.parse(run.stdout), diagnostics).toMatchObject({ type: 'result', subtype: 'success', is_error: false, result: expected });
    const served = postsTo(stack.work, '/v1/messages').slice(before);
    expect(served.length).toBeGreaterThanOrEqual(1);
    for (const request of served) {
      expect(request.headers['x-api-key']).toBe(WORK_KEY);
      expect(JSON.stringify(request.headers)).not.toContain(TEST_API_KEY);
    }
    return served.map((request) => (request.body as { model: string }).model);
  }

  /** The usage rows of these models' requests, once all `count` are committed. */
  async function rowsOf(models: readonly string[], count: number): Promise<RequestRow[]> {
    const matching = async () => (await requestRows()).filter((row) => row.modelRequested !== null && models.includes(row.modelRequested));
    await expect.poll(async () => (await matching()).length).toBe(count);
    return matching();
  }

  it(
    'Claude Code answers on anthropic-key:work, exit 0, while the subscription is in its quota window',
    async () => {
      // Its default model, the newest Opus (CLIENTS.md).
      const sent = await answersOnTheApiKey({});
      expect(sent.every((model) => model.startsWith('claude-opus-')), sent.join(', ')).toBe(true);
      // The subscription was asked once: its 429 cooled the account down, and it was not asked again.
      expect(postsTo(stack.claude, '/v1/messages')).toHaveLength(1);
      const rows = await rowsOf(sent, sent.length);
      expect(rows.map((row) => [row.provider, row.targetsTried, row.status, row.outcome])).toEqual(sent.map(() => [WORK, ['anthropic', WORK], 200, 'ok']));
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it(
    'Claude Code on its small, fast model (a Haiku) answers on anthropic-key:work too, without asking the subscription',
    async () => {
      const claudeBefore = postsTo(stack.claude, '/v1/messages').length;
      const sent = await answersOnTheApiKey({ ANTHROPIC_MODEL: 'claude-haiku-4-5', ANTHROPIC_SMALL_FAST_MODEL: 'claude-haiku-4-5' });
      expect(sent.every((model) => model === 'claude-haiku-4-5'), sent.join(', ')).toBe(true);
      expect(postsTo(stack.claude, '/v1/messages')).toHaveLength(claudeBefore);
      const rows = await rowsOf(['claude-haiku-4-5'], sent.length);
      expect(rows.map((row) => [row.provider, row.targetsTried, row.status, row.outcome])).toEqual(sent.map(() => [WORK, ['anthropic', WORK], 200, 'ok']));
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it('an openai SDK session (Chat, streamed Chat, Responses) continues on openai-key:personal without an error', async () => {
    const openai = new OpenAI({ apiKey: TEST_API_KEY, baseURL: `${stack.url}/v1`, maxRetries: 0 });
    const claudeBefore = postsTo(stack.claude, '/v1/messages').length;

    const chat = await openai.chat.completions.create({ model: CHAT_MODEL, messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.choices[0]?.message.content).toBeTruthy();
    const streamed = await openai.chat.completions.stream({ model: CHAT_MODEL, messages: [{ role: 'user', content: 'hi again' }], stream_options: { include_usage: true } }).finalChatCompletion();
    expect(streamed.choices[0]?.finish_reason).toBe('stop');
    const response = await openai.responses.create({ model: CHAT_MODEL, input: 'and once more' });
    expect(response.output_text).toBeTruthy();

    // Each reached the OpenAI key as the model the chain names there, with its own key — passed through to the API
    // of its own format, although the chain's first target (Claude) took it through the IR.
    const sent = postsTo(stack.personal, '/v1/');
    expect(sent.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions', '/v1/responses']);
    expect(sent.every((request) => request.headers.authorization === `Bearer ${PERSONAL_KEY}`)).toBe(true);
    expect(sent.every((request) => (request.body as { model: string }).model === 'gpt-5-mini')).toBe(true);
    // The subscription's account still cools down: none of them was sent there.
    expect(postsTo(stack.claude, '/v1/messages')).toHaveLength(claudeBefore);

    await expect.poll(async () => (await requestRows()).filter((row) => row.modelRequested === CHAT_MODEL).length).toBe(3);
    const rows = (await requestRows()).filter((row) => row.modelRequested === CHAT_MODEL);
    expect(rows.map((row) => [row.provider, row.targetsTried, row.status, row.outcome])).toEqual([
      [PERSONAL, ['anthropic', PERSONAL], 200, 'ok'],
      [PERSONAL, ['anthropic', PERSONAL], 200, 'ok'],
      [PERSONAL, ['anthropic', PERSONAL], 200, 'ok'],
    ]);
  });
});
