import { describe, expect, it } from 'vitest';
import type { IRError } from '../../wire/ir.js';
import { recordedLines, recordedText } from '../__fixtures__/recorded.js';
import { responsesPassthroughWatch } from './responses-passthrough-watch.js';

const encoder = new TextEncoder();
const base = import.meta.url;
const sse = (events: ReadonlyArray<Record<string, unknown> | string>) =>
  events.map((event) => (typeof event === 'string' ? `event: x\ndata: ${event}\n\n` : `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`)).join('');

function watch(text: string) {
  const errors: IRError[] = [];
  const watcher = responsesPassthroughWatch({ eventStream: true, onErrorEvent: (error) => errors.push(error) });
  const bytes = encoder.encode(text);
  let fault: IRError | null = null;
  for (let at = 0; at < bytes.length && !fault; at += 11) fault = watcher.feed(bytes.subarray(at, at + 11));
  return { watcher, fault, errors };
}

const phase = recordedLines('./__fixtures__/openai-phase.1.chunks.txt', base);

describe('responsesPassthroughWatch', () => {
  it('reads the usage of a recorded stream from response.completed and finds it whole there', () => {
    const { watcher, fault } = watch(sse(phase));
    expect(fault).toBeNull();
    expect(watcher.end()).toBeNull();
    expect(watcher.usage()).toMatchObject({ estimated: false, outputTokens: expect.any(Number) });
  });

  it('finds a stream cut before response.completed incomplete', () => {
    const { watcher } = watch(sse(phase.slice(0, -1)));
    expect(watcher.end()).toMatchObject({ status: 502, message: expect.stringMatching(/ended before/) });
  });

  it('reports a recorded error event (the client saw it) and counts the stream as ended', () => {
    const { watcher, errors } = watch(sse(recordedLines('./__fixtures__/openai-error.1.chunks.txt', base)));
    expect(errors).toEqual([{ kind: 'rate_limit', status: 429, message: expect.stringMatching(/exceeded your current quota/) }]);
    expect(watcher.end()).toBeNull();
  });

  it('faults on an event that is not JSON or has no type', () => {
    expect(watch(sse([phase[0]!, '{"type":"response.out'])).fault).toMatchObject({ status: 502, message: expect.stringMatching(/not JSON/) });
    expect(watch(sse([phase[0]!, '{"delta":"x"}'])).fault).toMatchObject({ message: expect.stringMatching(/without a type/) });
  });

  it('reads a whole body; a body that is not a response is a fault', () => {
    const body = responsesPassthroughWatch({ eventStream: false, onErrorEvent: () => {} });
    body.feed(encoder.encode(recordedText('./__fixtures__/openai-phase.1.json', base)));
    expect(body.end()).toBeNull();
    expect(body.usage()).toMatchObject({ estimated: false });
    const wrong = responsesPassthroughWatch({ eventStream: false, onErrorEvent: () => {} });
    wrong.feed(encoder.encode('{"object":"list"}'));
    expect(wrong.end()).toMatchObject({ status: 502, message: expect.stringMatching(/not a whole response/) });
  });
});
