import { fromBinary } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorAgentConfigSchema } from '../../proxy/protocols/cursor-agent/agent-config.js';
import { createAgentRunTransport } from '../../proxy/protocols/cursor-agent/agent-run-transport.js';
import type { ChatTurnEvent, CursorChatTransport } from '../../proxy/protocols/cursor-agent/chat-transport.js';
import { AgentClientMessageSchema } from '../../proxy/protocols/cursor-agent/gen/agent/v1/agent_pb.js';
import { DeltaScanner } from './delta-markers.js';
import { PATHS, isBuilt } from './paths.js';
import { TARGETS } from './targets.js';
import { PACED_DELTAS, startUpstreams } from './upstream.js';

/**
 * The bench's Cursor upstream answers what Switchboard's Cursor transport reads (Connect over HTTP/2, the very
 * code the proxy runs), zero-delay and paced, and the path's direct request is the run request Switchboard sends.
 */
describe('the bench Cursor upstream, read by the Cursor agent transport', () => {
  let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
  let transport: CursorChatTransport;
  beforeAll(async () => {
    upstreams = await startUpstreams();
    transport = createAgentRunTransport(cursorAgentConfigSchema.parse({ baseUrl: upstreams.urls['cursor-agent'] }));
  });
  afterAll(() => {
    transport.close();
    upstreams.close();
  });

  async function run(): Promise<ChatTurnEvent[]> {
    const events: ChatTurnEvent[] = [];
    const turn = { model: 'gpt-5', mode: 'agent' as const, system: '', messages: [{ role: 'user' as const, text: 'hi' }], tools: [] };
    for await (const event of transport.run(turn, { accessToken: 'bench-cursor-access-token', machineId: 'bench-machine-id' }, AbortSignal.timeout(10_000))) events.push(event);
    return events;
  }

  const sightings = (events: ChatTurnEvent[]) => {
    const scanner = new DeltaScanner();
    scanner.scan(Buffer.from(events.flatMap((event) => (event.type === 'text' ? [event.text] : [])).join('')), Date.now());
    return scanner.sightings;
  };

  it('is what the Cursor path reaches, routed to the cursor target, its direct request the run request', () => {
    const [path, ...others] = PATHS.filter(isBuilt).filter((candidate) => candidate.target === 'cursor');
    expect(others).toEqual([]);
    expect(path).toMatchObject({ endpoint: '/v1/chat/completions', translated: true, upstream: 'cursor-agent' });
    expect((TARGETS.cursor.routes as Record<string, string[]>)[(path!.body() as { model: string }).model]).toEqual(['cursor']);
    const frame = path!.upstreamBody() as Buffer;
    expect(frame.readUInt32BE(1)).toBe(frame.length - 5);
    const message = fromBinary(AgentClientMessageSchema, frame.subarray(5));
    expect(message.message.case === 'runRequest' && message.message.value.requestedModel?.modelId).toBe('gpt-5');
  });

  it('zero-delay, over HTTP/2: every delta, the usage, and the end of the turn', async () => {
    upstreams.setMode('fast');
    const events = await run();
    expect(sightings(events).map((sighting) => sighting.index)).toEqual([...Array(16).keys()]);
    expect(events.find((event) => event.type === 'usage')).toMatchObject({ usage: { inputTokens: 1200, outputTokens: 64 } });
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'end_turn' });
  });

  it('paced, over HTTP/2: every delta with the time it was written, then the end of the turn', async () => {
    upstreams.setMode('paced');
    const events = await run();
    upstreams.setMode('fast');
    const seen = sightings(events);
    expect(seen.map((sighting) => sighting.index)).toEqual([...Array(PACED_DELTAS).keys()]);
    expect(seen.every((sighting) => sighting.sentAt !== null)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'end', reason: 'end_turn' });
  });
});
