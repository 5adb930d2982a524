import { Code } from '@connectrpc/connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN, valueToJson } from '../../../e2e/stand-ins/cursor-agent.js';
import { cursorAgentConfigSchema, type CursorAgentConfig } from './agent-config.js';
import { createAgentRunTransport } from './agent-run-transport.js';
import type { ChatTurn, ChatTurnEvent, CursorChatTransport } from './chat-transport.js';
import { BUILTIN_TOOL_REFUSAL } from './exec-answers.js';

let standIn: CursorAgentStandIn;
let transport: CursorChatTransport;
let credential = { accessToken: STAND_IN_CURSOR_TOKEN, machineId: STAND_IN_CURSOR_MACHINE_ID };

function connect(overrides: Partial<CursorAgentConfig> = {}): CursorChatTransport {
  transport?.close();
  transport = createAgentRunTransport(cursorAgentConfigSchema.parse({ baseUrl: standIn.url, ...overrides }));
  return transport;
}

const turn = (overrides: Partial<ChatTurn> = {}): ChatTurn => ({
  model: 'claude-4.5-sonnet',
  mode: 'agent',
  system: 'Be brief.',
  messages: [{ role: 'user', text: 'hello there' }],
  tools: [],
  ...overrides,
});

async function collect(events: AsyncIterable<ChatTurnEvent>): Promise<ChatTurnEvent[]> {
  const all: ChatTurnEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const text = (events: ChatTurnEvent[], type: 'text' | 'thinking' = 'text') =>
  events.flatMap((event) => (event.type === type ? [event.text] : [])).join('');

beforeEach(async () => {
  standIn = new CursorAgentStandIn();
  await standIn.listen();
  credential = { accessToken: STAND_IN_CURSOR_TOKEN, machineId: STAND_IN_CURSOR_MACHINE_ID };
  connect();
});

afterEach(async () => {
  transport.close();
  await standIn.close();
});

describe('the agent Run transport against the stand-in', () => {
  it('streams thinking, text and the turn usage, and ends at turn_ended', async () => {
    const events = await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(text(events, 'thinking')).toBe('The user wants an echo.');
    expect(text(events)).toBe('You said: hello there (after 0 earlier messages)');
    expect(events.find((event) => event.type === 'usage')).toEqual({ type: 'usage', usage: { inputTokens: 4, outputTokens: 8, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } });
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'end_turn' });
  });

  it('sends the model, the system text, the history and the mode where the .proto puts them', async () => {
    const messages = [
      { role: 'user', text: 'first' },
      { role: 'assistant', text: 'an answer' },
      { role: 'user', text: 'second' },
    ] as const;
    const events = await collect(transport.run(turn({ messages: [...messages], mode: 'ask' }), credential, AbortSignal.timeout(10_000)));
    expect(text(events)).toBe('You said: second (after 2 earlier messages)');
    const request = standIn.runs[0]!.runRequest;
    expect(request.requestedModel?.modelId).toBe('claude-4.5-sonnet');
    expect(request.modelDetails?.modelId).toBe('claude-4.5-sonnet');
    expect(request.systemText).toBe('Be brief.');
    const action = request.action?.action;
    expect(action?.case).toBe('userMessageAction');
    if (action?.case !== 'userMessageAction') return;
    expect(action.value.userMessage?.mode).toBe(2);
    // One history message, holding the turns (the SDK's schema: UserMessageAction.conversation_history).
    expect(action.value.history?.messages.map(({ message }) => [message.case, message.value?.content.map(({ content }) => content.value?.text)])).toEqual([
      ['user', ['first']],
      ['assistant', ['an answer']],
    ]);
  });

  it('sends the IDE headers: a checksum of now and the machine id, the configured client version', async () => {
    await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    const headers = standIn.runs[0]!.headers;
    expect(headers['x-cursor-client-version']).toBe('3.12.17');
    expect(headers['x-cursor-client-type']).toBe('ide');
    expect(headers['x-cursor-checksum']).toMatch(new RegExp(`^[A-Za-z0-9_-]{8}${STAND_IN_CURSOR_MACHINE_ID}$`));
    expect(headers['user-agent']).toBe('connect-es/1.6.1');
    expect(headers['x-session-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(headers['x-client-key']).toMatch(/^[0-9a-f]{64}$/);
    expect(headers['x-ghost-mode']).toBe('true');
    expect(headers['content-type']).toBe('application/connect+proto');
    expect(headers['connect-accept-encoding']).toContain('gzip');
  });

  it('answers the request context exec and closes its stream, so the turn does not stall', async () => {
    await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    const [contextAnswer] = standIn.runs[0]!.execAnswers;
    expect(contextAnswer?.id).toBe(1);
    expect(contextAnswer?.result.case).toBe('requestContextResult');
    expect(standIn.runs[0]!.closedExecIds).toContain(1);
  });

  it("refuses Cursor's built-in tools with an error result and goes on with the turn", async () => {
    standIn.answerNext({ steps: [{ builtin: 'shell' }, { builtin: 'read' }, { text: 'done' }] });
    const events = await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(text(events)).toBe('done');
    const refusals = standIn.runs[0]!.execAnswers.slice(1);
    expect(refusals.map((answer) => answer.result.case)).toEqual(['shellResult', 'readResult']);
    for (const answer of refusals) expect(answer.result.value).toMatchObject({ outcome: { case: 'error', value: { error: BUILTIN_TOOL_REFUSAL } } });
  });

  it('offers the client tools as MCP tools and gives back an MCP call as a tool call that ends the turn', async () => {
    standIn.answerNext({ steps: [{ text: 'Let me look.' }, { mcpCall: { toolName: 'get_weather', args: { city: 'Paris', days: 2 } } }] });
    const tools = [{ name: 'get_weather', description: 'The weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }];
    const events = await collect(transport.run(turn({ tools }), credential, AbortSignal.timeout(10_000)));
    const definition = standIn.runs[0]!.runRequest.mcpTools?.mcpTools[0];
    expect(definition).toMatchObject({ name: 'switchboard-get_weather', toolName: 'get_weather', providerIdentifier: 'switchboard', description: 'The weather' });
    expect(valueToJson(definition!.inputSchema!)).toEqual(tools[0]!.inputSchema);
    const call = events.find((event) => event.type === 'tool_call');
    expect(call).toMatchObject({ type: 'tool_call', name: 'get_weather', input: { city: 'Paris', days: 2 } });
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'tool_use' });
    await expect.poll(() => standIn.runs[0]!.clientLeft).toBe(true);
  });

  it('gives back every tool call of one step, gathered until the server waits for their results (a heartbeat)', async () => {
    standIn.answerNext({ steps: [{ mcpCalls: [{ toolName: 'get_weather', args: { city: 'Oslo' } }, { toolName: 'get_time', args: { zone: 'CET' } }] }] });
    const tools = ['get_weather', 'get_time'].map((name) => ({ name, description: name, inputSchema: { type: 'object' } }));
    const events = await collect(transport.run(turn({ tools }), credential, AbortSignal.timeout(10_000)));
    expect(events.filter((event) => event.type === 'tool_call').map((event) => event.type === 'tool_call' && [event.name, event.input])).toEqual([
      ['get_weather', { city: 'Oslo' }],
      ['get_time', { zone: 'CET' }],
    ]);
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'tool_use' });
    await expect.poll(() => standIn.runs[0]!.clientLeft).toBe(true);
  });

  it('ends a tool step on a quiet stream too, when the server sends no heartbeat while it waits', async () => {
    connect({ toolCallQuietMs: 500 });
    standIn.answerNext({ steps: [{ mcpCalls: [{ toolName: 'get_weather', args: { city: 'Oslo' } }, { toolName: 'get_weather', args: { city: 'Rome' } }], quiet: true }] });
    const tools = [{ name: 'get_weather', description: 'The weather', inputSchema: { type: 'object' } }];
    const events = await collect(transport.run(turn({ tools }), credential, AbortSignal.timeout(10_000)));
    // (How many calls a quiet wait gathers depends on the machine's speed: the step's end is what is asserted.)
    expect(events.find((event) => event.type === 'tool_call')).toMatchObject({ input: { city: 'Oslo' } });
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'tool_use' });
  });

  it('answers KV blob writes and keeps going', async () => {
    standIn.answerNext({ steps: [{ setBlob: 'parked state' }, { text: 'after the blob' }] });
    const events = await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(text(events)).toBe('after the blob');
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'end_turn' });
  });

  it.each(['zlib', 'deflate-raw'] as const)('reads frames labelled gzip that hold %s, as some of Cursor\'s do', async (frameEncoding) => {
    await standIn.close();
    standIn = new CursorAgentStandIn({ frameEncoding });
    await standIn.listen();
    standIn.answerNext({ steps: [{ text: 'still read' }], ending: { code: Code.ResourceExhausted, error: 'ERROR_RATE_LIMITED', title: 'Slow down', detail: 'later' } });
    const events = await collect(connect().run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(text(events)).toBe('still read');
    expect(events.at(-1)).toMatchObject({ type: 'error', failure: { kind: 'rate-limited', cursorError: 'ERROR_RATE_LIMITED' } });
  });

  it("leaves the run when the caller's signal aborts, mid-answer or before it starts", async () => {
    standIn.answerNext({ steps: [{ text: 'first words' }, { stall: true }] });
    const caller = new AbortController();
    const events: ChatTurnEvent[] = [];
    for await (const event of transport.run(turn(), credential, caller.signal)) {
      events.push(event);
      if (event.type === 'text') caller.abort();
    }
    expect(events.at(-1)).toMatchObject({ type: 'error' });
    await expect.poll(() => standIn.runs[0]?.clientLeft, { timeout: 10_000 }).toBe(true);
    const before = await collect(transport.run(turn(), credential, AbortSignal.abort()));
    expect(before).toEqual([{ type: 'error', failure: expect.objectContaining({ kind: 'upstream' }) }]);
    expect(standIn.runs).toHaveLength(1);
  });

  it('fails an empty stream: the model is not in the regional catalog', async () => {
    const events = await collect(transport.run(turn({ model: 'not-in-the-catalog' }), credential, AbortSignal.timeout(10_000)));
    expect(events).toEqual([{ type: 'error', failure: expect.objectContaining({ kind: 'empty-stream' }) }]);
  });

  it('fails a stream that ends without turn_ended, after its content', async () => {
    standIn.answerNext({ steps: [{ text: 'half an answer' }], ending: 'stream-ends' });
    const events = await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(text(events)).toBe('half an answer');
    expect(events.at(-1)).toMatchObject({ type: 'error', failure: { kind: 'truncated' } });
  });

  it('reads the error in the end-of-stream trailer after content: a usage limit cools the account down', async () => {
    standIn.answerNext({ steps: [{ text: 'partial' }], ending: { code: Code.ResourceExhausted, error: 'ERROR_PRO_USER_USAGE_LIMIT', title: 'Usage limit', detail: 'You hit your plan limit.' } });
    const events = await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(events.at(-1)).toEqual({
      type: 'error',
      failure: { kind: 'rate-limited', message: 'Cursor: Usage limit: You hit your plan limit.', cursorError: 'ERROR_PRO_USER_USAGE_LIMIT' },
    });
  });

  it('reads the trailer after turn_ended too: its error fails the turn', async () => {
    standIn.answerNext({ steps: [{ text: 'whole' }], ending: { code: Code.Internal, error: 'ERROR_UNKNOWN', title: 'Internal error', detail: 'It broke late.', afterTurnEnded: true } });
    const events = await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(events.some((event) => event.type === 'end')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'error', failure: { kind: 'upstream', cursorError: 'ERROR_UNKNOWN', message: 'Cursor: Internal error: It broke late.' } });
  });

  it('says to raise the client version when Cursor no longer serves the version', async () => {
    connect({ clientVersion: '3.1.0' });
    const events = await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)));
    expect(events).toEqual([{ type: 'error', failure: expect.objectContaining({ kind: 'outdated-client', cursorError: 'ERROR_OUTDATED_CLIENT' }) }]);
    expect((events[0] as Extract<ChatTurnEvent, { type: 'error' }>).failure.message).toMatch(/no longer accepts this client version.*raise the client version/);
  });

  it('fails with "auth" on an unknown token (refresh once) and on a checksum of another machine', async () => {
    credential = { accessToken: 'expired', machineId: STAND_IN_CURSOR_MACHINE_ID };
    expect(await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)))).toEqual([
      { type: 'error', failure: expect.objectContaining({ kind: 'auth', cursorError: 'ERROR_AUTH_TOKEN_NOT_FOUND' }) },
    ]);
    credential = { accessToken: STAND_IN_CURSOR_TOKEN, machineId: 'another-machine' };
    expect(await collect(transport.run(turn(), credential, AbortSignal.timeout(10_000)))).toEqual([
      { type: 'error', failure: expect.objectContaining({ kind: 'upstream', cursorError: 'ERROR_BAD_CHECKSUM' }) },
    ]);
  });
});
