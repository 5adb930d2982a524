import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaScanner } from './delta-markers.js';
import { PACED_DELTAS, startUpstreams, UPSTREAMS } from './upstream.js';
import { streamParts, type UpstreamProtocol } from './upstream-frames.js';

const PROTOCOLS = Object.keys(UPSTREAMS) as UpstreamProtocol[];
/** What closes each protocol's answer: its closing event, or Connect's end-of-stream frame (flags 2, 2 bytes of JSON). */
const CLOSINGS: Record<UpstreamProtocol, string> = {
  'anthropic-messages': 'event: message_stop',
  'openai-responses': 'event: response.completed',
  'codex-responses': 'event: response.completed',
  'cursor-agent': '\x02\x00\x00\x00\x02{}',
};

describe('the bench upstreams', () => {
  let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
  beforeAll(async () => {
    upstreams = await startUpstreams();
  });
  afterAll(() => upstreams.close());

  async function ask(protocol: UpstreamProtocol): Promise<{ status: number; bytes: Buffer; scanner: DeltaScanner }> {
    const answer = await fetch(`${upstreams.urls[protocol]}${UPSTREAMS[protocol].modelPath}`, { method: 'POST', body: '{"stream":true}' });
    const scanner = new DeltaScanner();
    const chunks: Buffer[] = [];
    for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(Buffer.from(chunk));
      scanner.scan(Buffer.from(chunk), Date.now());
    }
    return { status: answer.status, bytes: Buffer.concat(chunks), scanner };
  }

  it.each(PROTOCOLS)('%s: lists its model, and answers the zero-delay stream whole, each delta found once', async (protocol) => {
    const { modelsPath } = UPSTREAMS[protocol];
    if (modelsPath !== null) {
      const models = (await (await fetch(`${upstreams.urls[protocol]}${modelsPath}`)).json()) as { data?: { id: string }[]; models?: { slug: string }[] };
      expect(models.data?.map((model) => model.id) ?? models.models?.map((model) => model.slug)).toEqual(UPSTREAMS[protocol].models);
    }
    upstreams.setMode('fast');
    const { status, scanner, bytes } = await ask(protocol);
    expect(status).toBe(200);
    expect(scanner.sightings.map((sighting) => sighting.index)).toEqual([...Array(16).keys()]);
    expect(bytes.toString('latin1')).toContain(CLOSINGS[protocol]);
  });

  it.each(PROTOCOLS)('%s: paced, writes every delta with the time it was written, and no marker after them', async (protocol) => {
    upstreams.setMode('paced');
    const { scanner, bytes } = await ask(protocol);
    upstreams.setMode('fast');
    expect(scanner.sightings.map((sighting) => sighting.index)).toEqual([...Array(PACED_DELTAS).keys()]);
    expect(scanner.sightings.every((sighting) => sighting.sentAt !== null)).toBe(true);
    // A closing event repeating the text would hand the client a delta that never came on its own.
    const tail = streamParts(protocol, UPSTREAMS[protocol].models[0]!).tail('paced answer');
    expect(bytes.subarray(-tail.length).equals(tail)).toBe(true);
    expect(tail.toString('latin1')).not.toMatch(/~d\d/);
  });
});
