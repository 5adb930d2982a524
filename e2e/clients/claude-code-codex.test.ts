import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ada } from '../stand-ins/codex-identity.js';
import type { RecordedRequest } from '../stand-ins/http-request.js';
import { startCodexStack, type CodexStack } from '../integration/codex-stack.js';
import { TEST_API_KEY } from '../integration/harness.js';
import { CLAUDE_RUN_TIMEOUT_MS, CLAUDE_SKIP_REASON, claudeInstalled, runClaude } from './claude-cli.js';

/**
 * Issue #16's goal for Claude Code: the real CLI, its model set to a GPT model, holds a tool conversation on a
 * ChatGPT login — its Anthropic Messages requests go through the IR to the Codex backend stand-in and back, the
 * tool call it gets is run by Claude Code, and its result continues the conversation.
 */
const ADA = ada('pro');
const MODEL = 'gpt-5.5';

interface ResponsesItem {
  type?: string;
  role?: string;
  name?: string;
  call_id?: string;
}

const codexPosts = (stack: CodexStack): RecordedRequest[] => stack.backend.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/codex/responses'));

describe.skipIf(!claudeInstalled)('the real Claude Code CLI on a ChatGPT login', () => {
  let stack: CodexStack;
  const temporary: string[] = [];

  beforeAll(async () => {
    stack = await startCodexStack([ADA]);
  });
  afterAll(async () => {
    await stack?.close();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'runs a tool the Codex backend calls and answers with its result, every turn through the IR',
    async () => {
      const env = { ANTHROPIC_BASE_URL: stack.url, ANTHROPIC_AUTH_TOKEN: TEST_API_KEY, ANTHROPIC_MODEL: MODEL, ANTHROPIC_SMALL_FAST_MODEL: MODEL };
      const run = await runClaude('Use the Read tool to read a file, then tell me what it says.', env, { keep: (dir) => temporary.push(dir) });

      const diagnostics = `exit ${run.code} (signal ${run.signal})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
      expect(run.code, diagnostics).toBe(0);
      expect(JSON.parse(run.stdout), diagnostics).toMatchObject({ type: 'result', subtype: 'success', is_error: false });

      const posts = codexPosts(stack);
      const inputs = posts.map((request) => ((request.body as { input?: ResponsesItem[] }).input ?? []) as ResponsesItem[]);
      // A turn answered with a call of Claude Code's Read tool, and a later turn carrying Claude Code's result of it.
      const resultTurn = inputs.findIndex((items) => items.some((item) => item.type === 'function_call_output'));
      expect(resultTurn, `backend inputs: ${JSON.stringify(inputs.map((items) => items.map((item) => item.type ?? item.role)))}`).toBeGreaterThan(0);
      const call = inputs[resultTurn]!.find((item) => item.type === 'function_call');
      const output = inputs[resultTurn]!.find((item) => item.type === 'function_call_output');
      expect(call).toMatchObject({ name: 'Read' });
      expect(output?.call_id).toBe(call?.call_id);
      // Each turn reached the backend as the Codex backend takes it (the stand-in refuses anything else).
      for (const request of posts) {
        expect(request.headers['chatgpt-account-id']).toBe(ADA.accountId);
        expect((request.body as { model: string }).model).toBe(MODEL);
      }
    },
    CLAUDE_RUN_TIMEOUT_MS + 30_000,
  );
});

if (!claudeInstalled) console.warn(CLAUDE_SKIP_REASON);
