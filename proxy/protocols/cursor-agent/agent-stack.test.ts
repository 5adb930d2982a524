import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN } from '../../../e2e/stand-ins/cursor-agent.js';
import { loadedOnFirstUse, StackLoadError } from '../../upstream/loaded-on-first-use.js';
import { irRequest } from '../../wire/ir.js';
import { cursorAgentConfigSchema } from './agent-config.js';
import { agentStackOnFirstUse, transportOnFirstUse, type AgentStack } from './agent-stack.js';
import { cursorAgentProtocol } from './protocol.js';

const credential = { accessToken: STAND_IN_CURSOR_TOKEN, machineId: STAND_IN_CURSOR_MACHINE_ID };
const question = irRequest({ model: 'cursor-sonnet', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello?' }] }] });

function protocolOver(stack: () => Promise<AgentStack>) {
  return cursorAgentProtocol({ transport: transportOnFirstUse(stack), agentCredential: () => credential, listModels: () => Promise.resolve([]), versionGateFix: '' });
}

describe("the agent's stack, loaded on first use", () => {
  let standIn: CursorAgentStandIn;
  beforeEach(async () => {
    standIn = new CursorAgentStandIn();
    await standIn.listen();
  });
  afterEach(() => standIn.close());

  it('is loaded by the first run, which it then serves', async () => {
    let loads = 0;
    const real = agentStackOnFirstUse(cursorAgentConfigSchema.parse({ baseUrl: standIn.url }));
    const stack = () => {
      loads += 1;
      return real();
    };
    const protocol = protocolOver(stack);
    expect(loads).toBe(0);
    standIn.answerNext({ steps: [{ text: 'Hi there.' }] });
    const answer = await protocol.send({ request: question, upstreamModel: 'claude-4.5-sonnet', signal: AbortSignal.timeout(10_000) }, null);
    if (!answer.ok) throw new Error(answer.error.message);
    const texts: string[] = [];
    for await (const event of answer.events) if (event.type === 'text-delta') texts.push(event.text);
    expect(texts).toEqual(['Hi there.']);
    expect(loads).toBe(1);
    expect((await real()).transport).toBe((await real()).transport);
    (await real()).transport.close();
  });

  it('reads the models through the same stack', async () => {
    const stack = agentStackOnFirstUse(cursorAgentConfigSchema.parse({ baseUrl: standIn.url }));
    const models = await (await stack()).readUsableModels(credential, { timeoutMs: 5_000 });
    expect(models.length).toBeGreaterThan(0);
    (await stack()).transport.close();
  });

  it('fails a run as a StackLoadError in words when the stack cannot be loaded, before anything reaches Cursor', async () => {
    const broken = loadedOnFirstUse("Cursor's agent transport (Connect and protobuf)", () => Promise.reject(new Error("Cannot find package '@connectrpc/connect-node'")));
    const protocol = protocolOver(broken);
    const failure = await protocol.send({ request: question, upstreamModel: 'claude-4.5-sonnet', signal: AbortSignal.timeout(10_000) }, null).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StackLoadError);
    expect((failure as Error).message).toBe("Switchboard could not load Cursor's agent transport (Connect and protobuf): Cannot find package '@connectrpc/connect-node'");
    expect(standIn.runs).toEqual([]);
  });

  it('closes nothing when it was never loaded', () => {
    let loads = 0;
    transportOnFirstUse(() => {
      loads += 1;
      return Promise.reject(new Error('never'));
    }).close();
    expect(loads).toBe(0);
  });
});
