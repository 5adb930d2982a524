import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaScanner } from './delta-markers.js';
import { PACED_DELTAS, startUpstreams, UPSTREAMS } from './upstream.js';
import { streamParts, type UpstreamProtocol } from './upstream-frames.js';

const PROTOCOLS = Object.keys(UPSTREAMS) as UpstreamProtocol[];

describe('the bench upstreams', () => {
  let upstreams: Awaited<ReturnType<typeof startUpstreams>>;
  beforeAll(async () => {
    upstreams = await startUpstreams();
  });
  afterAll(() => upstreams.close());

  async function ask(protocol: UpstreamProtocol): Promise<{ status: number; text: string; scanner: DeltaScanner }> {
    const answer = await fetch(`${upstreams.urls[protocol]}${UPSTREAMS[protocol].modelPath}`, { method: 'POST', body: '{"stream":true}' });
    const scanner = new DeltaScanner();
    let text = '';
    for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) {
      text += Buffer.from(chunk).toString();
      scanner.scan(Buffer.from(chunk), Date.now());
    }
    return { status: answer.status, text, scanner };
  }

  it.each(PROTOCOLS)('%s: lists its model, and answers the zero-delay stream whole, each delta found once', async (protocol) => {
    const models = (await (await fetch(`${upstreams.urls[protocol]}${UPSTREAMS[protocol].modelsPath}`)).json()) as { data?: { id: string }[]; models?: { slug: string }[] };
    expect(models.data?.map((model) => model.id) ?? models.models?.map((model) => model.slug)).toEqual(UPSTREAMS[protocol].models);
    upstreams.setMode('fast');
    const { status, scanner, text } = await ask(protocol);
    expect(status).toBe(200);
    expect(scanner.sightings.map((sighting) => sighting.index)).toEqual([...Array(16).keys()]);
    expect(text).toContain(protocol === 'anthropic-messages' ? 'event: message_stop' : 'event: response.completed');
  });

  it.each(PROTOCOLS)('%s: paced, writes every delta with the time it was written, and no marker after them', async (protocol) => {
    upstreams.setMode('paced');
    const { scanner, text } = await ask(protocol);
    upstreams.setMode('fast');
    expect(scanner.sightings.map((sighting) => sighting.index)).toEqual([...Array(PACED_DELTAS).keys()]);
    expect(scanner.sightings.every((sighting) => sighting.sentAt !== null)).toBe(true);
    // A closing event repeating the text would hand the client a delta that never came on its own.
    const tail = streamParts(protocol, UPSTREAMS[protocol].models[0]!).tail('paced answer');
    expect(text.endsWith(tail)).toBe(true);
    expect(tail).not.toMatch(/~d\d/);
  });
});
