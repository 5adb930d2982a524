import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cursorAgentConfigSchema } from '../../proxy/protocols/cursor-agent/agent-config.js';
import { createAgentRunTransport } from '../../proxy/protocols/cursor-agent/agent-run-transport.js';
import type { AgentRunRequest, McpToolDefinition } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN, valueToJson, type RecordedRun } from '../stand-ins/cursor-agent.js';
import { CursorAuthStandIn, STAND_IN_CURSOR_API_KEY } from '../stand-ins/cursor-auth.js';
import { CursorSdkBackendStandIn } from '../stand-ins/cursor-sdk-backend.js';
import { CURSOR_SDK_SKIP_REASON, cursorSdkInstalled, useCursorSdk, type CursorSdk, type SdkCustomTool, type SdkJson } from './cursor-sdk.js';

/**
 * Issue #17: Cursor's own client, `@cursor/sdk`, driven against the Cursor stand-in, so the stand-in provably
 * speaks what Cursor's client speaks — and what the SDK sends is compared with what Switchboard's own transport
 * sends to the same stand-in, so a field our .proto puts elsewhere than the SDK's bundled schema fails here.
 */
const MODEL = 'gpt-5';
const RUN_TIMEOUT_MS = 60_000;

const LOOKUP = {
  name: 'lookup_word',
  description: 'Looks a word up in the dictionary.',
  inputSchema: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] } satisfies Record<string, SdkJson>,
};

/** A tool definition as the stand-in decoded it with our .proto: what Cursor's model would be offered. */
const offered = (tool: McpToolDefinition) => ({
  wireName: tool.name === `${tool.providerIdentifier}-${tool.toolName}`,
  toolName: tool.toolName,
  description: tool.description,
  inputSchema: tool.inputSchema ? valueToJson(tool.inputSchema) : undefined,
});

const userText = (request: AgentRunRequest): string => (request.action?.action.case === 'userMessageAction' ? (request.action.action.value.userMessage?.text ?? '') : '');

describe.skipIf(!cursorSdkInstalled)('@cursor/sdk against the Cursor stand-in', () => {
  let agent: CursorAgentStandIn;
  let auth: CursorAuthStandIn;
  let backend: CursorSdkBackendStandIn;
  let sdk: CursorSdk;
  const temporary: string[] = [];
  const scratch = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temporary.push(dir);
    return dir;
  };

  beforeAll(async () => {
    agent = new CursorAgentStandIn();
    auth = new CursorAuthStandIn();
    await Promise.all([agent.listen(), auth.listen()]);
    backend = new CursorSdkBackendStandIn(agent, auth);
    await backend.listen();
    sdk = await useCursorSdk(backend.url, scratch('sb-cursor-sdk-home-'));
  });
  afterAll(async () => {
    await Promise.all([backend?.close(), agent?.close(), auth?.close()]);
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  /** Sends one prompt on a fresh SDK agent; the run the stand-in recorded for it and the SDK's result. */
  async function sdkRun(prompt: string, customTools?: Record<string, SdkCustomTool>) {
    const before = agent.runs.length;
    const created = await sdk.Agent.create({ apiKey: STAND_IN_CURSOR_API_KEY, model: { id: MODEL }, local: { cwd: scratch('sb-cursor-sdk-cwd-'), customTools } });
    try {
      const result = await (await created.send(prompt)).wait();
      return { result, runs: agent.runs.slice(before) };
    } finally {
      created.close();
    }
  }

  it(
    "runs a prompt over RunSSE + BidiAppend and gets the stand-in's answer, after the calls it makes first",
    async () => {
      const { result, runs } = await sdkRun('hello from the official client');

      expect(result, JSON.stringify(backend.requests.map((request) => request.path))).toMatchObject({ status: 'finished' });
      expect(result.result).toContain('You said: hello from the official client');
      const paths = backend.requests.map((request) => `${request.method} ${request.path}`);
      expect(paths).toEqual(
        expect.arrayContaining([
          'POST /auth/exchange_user_api_key',
          'GET /v1/models',
          'POST /aiserver.v1.ServerConfigService/GetServerConfig',
          'POST /agent.v1.AgentService/RunSSE',
          'POST /aiserver.v1.BidiService/BidiAppend',
        ]),
      );
      // One run, with the SDK's headers (no checksum: the stand-in checks one only of the clients that send one).
      expect(runs).toHaveLength(1);
      const [run] = runs as [RecordedRun];
      expect(run.headers).toMatchObject({ 'x-cursor-client-type': 'sdk', 'x-cursor-client-version': 'sdk-1.0.18', authorization: `Bearer ${STAND_IN_CURSOR_TOKEN}` });
      expect(run.headers['x-cursor-checksum']).toBeUndefined();
      // The request context the stand-in asked for was answered, and its exec stream closed.
      expect(run.execAnswers.map((answer) => answer.result.case)).toContain('requestContextResult');
      expect(run.clientLeft).toBe(false);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "runs the stand-in's MCP call of a tool the SDK offers (a local custom tool) and goes on with its result",
    async () => {
      const calls: unknown[] = [];
      const lookup: SdkCustomTool = { ...LOOKUP, execute: (args) => (calls.push(args), `"${String(args.word)}" means a stand-in for something`) };
      agent.answerNext({ steps: [{ text: 'Looking it up. ' }, { mcpCall: { toolName: LOOKUP.name, args: { word: 'proxy' } } }] });
      const { result, runs } = await sdkRun('What does proxy mean?', { [LOOKUP.name]: lookup });

      expect(calls).toEqual([{ word: 'proxy' }]);
      expect(result).toMatchObject({ status: 'finished' });
      expect(result.result).toContain('The tool said: "proxy" means a stand-in for something');
      const mcpAnswer = runs[0]?.execAnswers.find((answer) => answer.result.case === 'mcpResult');
      expect(mcpAnswer?.result.case === 'mcpResult' && mcpAnswer.result.value.outcome.case).toBe('success');
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'puts the message text, the model and the tool definitions where Switchboard’s own transport puts them',
    async () => {
      const prompt = 'which fields carry this?';
      const { runs } = await sdkRun(prompt, { [LOOKUP.name]: { ...LOOKUP, execute: () => 'unused' } });
      const sdkRequest = runs[0]?.runRequest;

      const before = agent.runs.length;
      const transport = createAgentRunTransport(cursorAgentConfigSchema.parse({ baseUrl: agent.url }));
      try {
        const turn = { model: MODEL, mode: 'agent' as const, system: '', messages: [{ role: 'user' as const, text: prompt }], tools: [LOOKUP] };
        for await (const event of transport.run(turn, { accessToken: STAND_IN_CURSOR_TOKEN, machineId: STAND_IN_CURSOR_MACHINE_ID }, AbortSignal.timeout(RUN_TIMEOUT_MS))) {
          if (event.type === 'error') throw new Error(event.failure.message);
        }
      } finally {
        transport.close();
      }
      const ourRequest = agent.runs[before]?.runRequest;

      for (const request of [sdkRequest, ourRequest]) {
        expect(request && userText(request)).toBe(prompt);
        expect(request?.action?.action.case).toBe('userMessageAction');
        expect(request?.requestedModel?.modelId).toBe(MODEL);
        expect(request?.mcpTools?.mcpTools.map(offered)).toEqual([{ wireName: true, toolName: LOOKUP.name, description: LOOKUP.description, inputSchema: LOOKUP.inputSchema }]);
      }
    },
    RUN_TIMEOUT_MS,
  );
});

if (!cursorSdkInstalled) console.warn(CURSOR_SDK_SKIP_REASON);
