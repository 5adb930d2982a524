import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CursorAgentStandIn, STAND_IN_CURSOR_MACHINE_ID, STAND_IN_CURSOR_TOKEN } from '../../../e2e/stand-ins/cursor-agent.js';
import { irRequest, type IREvent, type IRMessage, type IRRequest } from '../../wire/ir.js';
import type { TranslatedResponse } from '../protocol.js';
import { cursorAgentConfigSchema } from './agent-config.js';
import { createAgentRunTransport } from './agent-run-transport.js';
import type { CursorChatTransport } from './chat-transport.js';
import { sendTurn } from './translated-send.js';

let standIn: CursorAgentStandIn;
let transport: CursorChatTransport;
const credential = { accessToken: STAND_IN_CURSOR_TOKEN, machineId: STAND_IN_CURSOR_MACHINE_ID };
const tools = [{ name: 'get_weather', description: 'The weather', inputSchema: { type: 'object' }, origin: { kind: 'function' } } as const];

beforeEach(async () => {
  standIn = new CursorAgentStandIn();
  await standIn.listen();
  transport = createAgentRunTransport(cursorAgentConfigSchema.parse({ baseUrl: standIn.url }));
});

afterEach(async () => {
  transport.close();
  await standIn.close();
});

const send = (request: IRRequest, upstreamModel = 'claude-4.5-sonnet') => sendTurn(transport, { request, upstreamModel, signal: AbortSignal.timeout(10_000) }, credential);

async function eventsOf(response: TranslatedResponse): Promise<IREvent[]> {
  if (!response.ok) throw new Error(`not ok: ${response.error.message}`);
  const all: IREvent[] = [];
  for await (const event of response.events) all.push(event);
  return all;
}

describe('an IR request served by one Cursor turn', () => {
  it('completes a tool round trip in two turns: the call goes to the client, its result comes back as history', async () => {
    standIn.answerNext({ steps: [{ text: 'Let me check.' }, { mcpCall: { toolName: 'get_weather', args: { city: 'Paris' } } }] });
    const question: IRMessage = { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] };
    const first = await eventsOf(await send(irRequest({ model: 'claude-sonnet-4-5', tools, messages: [question] })));
    const call = first.find((event) => event.type === 'tool-call-start');
    expect(call).toMatchObject({ name: 'get_weather' });
    expect(first.find((event) => event.type === 'tool-call-delta')).toMatchObject({ argumentsDelta: '{"city":"Paris"}' });
    expect(first.at(-1)).toMatchObject({ type: 'finish', stopReason: 'tool_use' });

    const id = call?.type === 'tool-call-start' ? call.id : '';
    const second = await eventsOf(
      await send(
        irRequest({
          model: 'claude-sonnet-4-5',
          tools,
          messages: [
            question,
            { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool-call', id, name: 'get_weather', arguments: '{"city":"Paris"}' }] },
            { role: 'tool', content: [{ type: 'tool-result', toolCallId: id, content: [{ type: 'text', text: 'Sunny, 21°C' }] }] },
          ],
        }),
      ),
    );
    const text = second.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(text).toBe(`You said: [result of tool call ${id}]\nSunny, 21°C (after 2 earlier messages)`);
    expect(second.at(-1)).toMatchObject({ type: 'finish', stopReason: 'end_turn', usage: { estimated: false } });
  });

  it('answers a failure before any content as not ok, with its status (an empty stream: 404)', async () => {
    const response = await send(irRequest({ model: 'x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }), 'not-in-the-catalog');
    expect(response).toMatchObject({ ok: false, status: 404, error: { kind: 'not_found' } });
  });

  it('refuses a conversation that ends with an assistant message (a prefill) with a 400', async () => {
    const response = await send(irRequest({ model: 'x', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: [{ type: 'text', text: 'Sure' }] }] }));
    expect(response).toMatchObject({ ok: false, status: 400, error: { kind: 'invalid_request' } });
    expect(standIn.runs).toHaveLength(0);
  });
});
