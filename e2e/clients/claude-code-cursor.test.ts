import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRunRequest } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { startCursorStack, type CursorStack } from '../integration/cursor-stack.js';
import { TEST_API_KEY } from '../integration/harness.js';
import { historyTexts } from '../stand-ins/cursor-agent.js';
import { CLAUDE_RUN_TIMEOUT_MS, CLAUDE_SKIP_REASON, claudeInstalled, runClaude } from './claude-cli.js';

/**
 * Issue #17's goal for Claude Code: the real CLI, under its own model name (an alias of a Cursor model), holds a
 * tool conversation on a Cursor login — its Messages requests go through the IR to the Cursor agent stand-in, the
 * MCP call Cursor makes of Claude Code's Read tool is run by Claude Code, and its result comes back in the next run.
 */
const MODEL = 'claude-sonnet-4-5';

/** A run's conversation as text: its history, then the user's message. */
function conversationText(request: AgentRunRequest): string {
  const action = request.action?.action;
  if (action?.case !== 'userMessageAction') return '';
  return [...historyTexts(request), action.value.userMessage?.text ?? ''].join('\n');
}

describe.skipIf(!claudeInstalled)('the real Claude Code CLI on a Cursor login', () => {
  let stack: CursorStack;
  const temporary: string[] = [];

  beforeAll(async () => {
    stack = await startCursorStack();
  });
  afterAll(async () => {
    await stack?.close();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'runs a tool Cursor calls and answers with its result, every turn a run of its own',
    async () => {
      // The note goes where Claude Code works (its Read is allowed there), which its first request names.
      stack.agent.answerNext((request) => {
        const cwd = /Primary working directory: (\S+)/.exec(conversationText(request))?.[1] ?? '';
        writeFileSync(join(cwd, 'note.txt'), 'the note says hello\n');
        return { steps: [{ text: 'Reading it.' }, { mcpCall: { toolName: 'Read', args: { file_path: join(cwd, 'note.txt') } } }] };
      });
      const env = { ANTHROPIC_BASE_URL: stack.url, ANTHROPIC_AUTH_TOKEN: TEST_API_KEY, ANTHROPIC_MODEL: MODEL, ANTHROPIC_SMALL_FAST_MODEL: MODEL };
      const run = await runClaude('Use the Read tool to read note.txt, then tell me what it says.', env, { keep: (kept) => temporary.push(kept) });

      const diagnostics = `exit ${run.code} (signal ${run.signal})\nstdout: ${run.stdout}\nstderr: ${run.stderr}\nruns: ${stack.agent.runs.map((recorded) => `${recorded.runRequest.mcpTools?.mcpTools.length ?? 0} tools, history ${historyTexts(recorded.runRequest).length}, left ${recorded.clientLeft}`).join('; ')}`;
      expect(run.code, diagnostics).toBe(0);
      expect(JSON.parse(run.stdout), diagnostics).toMatchObject({ type: 'result', subtype: 'success', is_error: false });

      const runs = stack.agent.runs;
      const toolRun = runs.findIndex((recorded) => recorded.runRequest.mcpTools?.mcpTools.some((tool) => tool.toolName === 'Read'));
      expect(toolRun, diagnostics).toBeGreaterThanOrEqual(0);
      // A later run carries Claude Code's result of the call, flattened into its history (a cold resume).
      const histories = runs.slice(toolRun + 1).map((recorded) => conversationText(recorded.runRequest));
      expect(histories.some((history) => history.includes('the note says hello')), `${diagnostics}\nhistories: ${histories.join('\n')}`).toBe(true);
      for (const recorded of runs) expect(recorded.runRequest.requestedModel?.modelId || recorded.runRequest.modelDetails?.modelId).toBe('claude-4.5-sonnet');
    },
    CLAUDE_RUN_TIMEOUT_MS + 30_000,
  );
});

if (!claudeInstalled) console.warn(CLAUDE_SKIP_REASON);
