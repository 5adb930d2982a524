import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codexResponsesProtocol } from '../../proxy/protocols/codex-responses/protocol.js';
import type { IREvent } from '../../proxy/wire/ir.js';
import { DeltaScanner } from './delta-markers.js';
import { PATHS, isBuilt } from './paths.js';
import { TARGETS } from './targets.js';
import { startUpstreams } from './upstream.js';

/**
 * The bench's Codex upstream answers what Switchboard's Codex protocol reads, both ways the paths use it (passed
 * through to a Responses client, and through the IR), and its model list is the one the protocol revalidates.
 */
describe('the bench Codex upstream, read by the Codex protocol', () => {
  let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
  let protocol: ReturnType<typeof codexResponsesProtocol<string>>;
  beforeAll(async () => {
    upstreams = await startUpstreams();
    protocol = codexResponsesProtocol<string>(
      { baseUrl: `${upstreams.urls['codex-responses']}/backend-api`, fetch, credentials: { headers: (token) => ({ authorization: `Bearer ${token}` }) }, accountCallTimeoutMs: 5000 },
      { clientVersion: () => '0.155.0', versionGateFix: 'raise it', cacheKey: String },
    );
  });
  afterAll(() => upstreams.close());

  it('is what the Codex paths reach, each routed to the codex target', () => {
    const codexPaths = PATHS.filter(isBuilt).filter((path) => path.target === 'codex');
    expect(codexPaths.map((path) => [path.endpoint, path.translated])).toEqual([['/v1/responses', false], ['/v1/messages', true]]);
    for (const path of codexPaths) {
      expect(path.upstream).toBe('codex-responses');
      expect((TARGETS.codex.routes as Record<string, string[]>)[(path.body() as { model: string }).model]).toEqual(['codex']);
    }
  });

  it('lists its model', async () => {
    expect((await protocol.listModels('token')).map((model) => model.id)).toEqual(['gpt-5.5']);
  });

  it('passed through to a Responses client: every delta, and the final response with its output filled', async () => {
    const body = { model: 'gpt-5.5', stream: true, input: 'hi' };
    const answer = await protocol.passthrough({ endpoint: 'responses', search: '', headers: {}, body, rawBody: Buffer.from(JSON.stringify(body)), upstreamModel: 'gpt-5.5', signal: AbortSignal.timeout(5000) }, 'token');
    expect(answer.status).toBe(200);
    const text = await new Response(answer.body).text();
    const scanner = new DeltaScanner();
    scanner.scan(Buffer.from(text), Date.now());
    expect(scanner.sightings.map((sighting) => sighting.index)).toEqual([...Array(16).keys()]);
    expect(text).not.toContain('codex.rate_limits');
    const completed = text.split('\n').find((line) => line.includes('"response.completed"'));
    expect(JSON.parse(completed!.slice('data: '.length)).response.output).toHaveLength(1);
  });

  it('through the IR: the text and the usage', async () => {
    const request = { model: 'gpt-5.5', system: [], messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }], tools: [], toolChoice: null, parallelToolCalls: null, sampling: {}, stopSequences: [], reasoning: null, output: null, metadata: {}, stream: true };
    const answer = await protocol.send({ request, upstreamModel: 'gpt-5.5', signal: AbortSignal.timeout(5000) }, 'token');
    if (!answer.ok) throw new Error(answer.error.message);
    const events: IREvent[] = [];
    for await (const event of answer.events) events.push(event);
    const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(text).toContain('~d15~');
    const finish = events.find((event) => event.type === 'finish');
    expect(finish?.type === 'finish' && [finish.stopReason, finish.usage.outputTokens]).toEqual(['end_turn', 64]);
  });
});
